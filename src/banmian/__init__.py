"""banmian (版面): print-layout generator for Chinese newspaper feature pages."""
