"""The cost of a page, in one table.

The fit stage ranks arrangements lexicographically: first the modules that
cannot hold their article at all, then the lines over (text that cannot be
printed), then the lines left empty, and only among those equal by the sum
of the weighted terms below. A layout may override any weight under
``arrangement.costs``; README "How the engine chooses a page" explains each.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Costs:
    """Weights of the terms an arrangement pays (per unit named)."""

    #: per unit of a photo's aspect change (0.05 = 5 % wider or taller than the file)
    distortion: float = 20.0
    #: per unit of crop beyond the aspect tolerance (up to ``photo_crop_limit``)
    crop: float = 60.0
    #: per spare line the headline block takes
    headline_pad: float = 1.0
    #: per column the headline block is widened beyond what its title needs
    headline_width: float = 1.5
    #: per paragraph line left alone at a column's head or foot (孤行)
    widow: float = 4.0
    #: per subhead set at a height other than its preferred one
    subhead_height: float = 0.5
    #: per paragraph set a line tighter (走行), the first lever of last resort
    reset_tighter: float = 2.0
    #: per paragraph set a line looser: costlier, its spacing shows
    reset_looser: float = 3.0
    #: per module lowered under its own photo (beside another article)
    lowered: float = 1.0

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def of(cls, overrides: dict[str, float]) -> Costs:
        """The defaults with a layout's ``arrangement.costs`` applied (the
        loader has checked the names)."""
        return cls(**{k: float(v) for k, v in overrides.items()})
