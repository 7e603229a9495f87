"""Realistic Chinese feature copy for benchmarks: county 政协 work features.

The copy-fit engine must not be measured on copy that is all the same: real
features mix short and long paragraphs, run-in lead phrases, figures
(2023年, 31%, 1.5万元, 第3季度), quotes “…”, book and document titles 《…》,
dashes ——, ellipses ……, 、 lists and long institution names, and their
paragraph ends fall anywhere in a line. ``Writer`` assembles such copy from
the tables below with a seeded generator, for any invented county, and sets
the body to an exact number of characters (lead phrases included, subheads
not), so a sweep can ask for copy 7 % over a page's capacity and get it.

The module is named ``copygen`` rather than ``copy`` because scripts in
bench/ import their siblings by name and ``copy`` is a standard module.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable

from edition import GIVEN, PLACE_FIRST, PLACE_SECOND, SURNAMES

COUNTY_KINDS = ("县", "县", "县", "区", "市")
#: Institutions a county feature names in full, as papers do on first mention.
INSTITUTIONS = ("{c}人力资源和社会保障局", "{c}农业农村局", "{c}住房和城乡建设局", "{c}市场监督管理局",
                "{c}发展和改革委员会", "{c}工业和信息化局", "{c}生态环境局", "{c}卫生健康委员会",
                "{c}政协社会和法制委员会", "{c}政协经济科技委员会", "{c}政协文化文史和学习委员会",
                "{c}政协农业农村委员会", "{c}工商业联合会", "{c}中级人民法院", "{c}行政审批局",
                "市政协提案委员会", "省政协港澳台侨和外事委员会", "{c}数据局")
SECTORS = ("经济界", "农业界", "教育界", "医药卫生界", "科技界", "文化艺术界", "工商联", "社会福利和社会保障界")
COMPANIES = ("{p}智能装备有限公司", "{p}新材料科技股份有限公司", "{p}农业发展有限公司",
             "{p}食品有限公司", "{p}纺织服饰有限公司", "{p}生物医药有限公司")
PROJECTS = ("{p}智能制造产业园", "年产{n}万套新能源汽车零部件项目", "{p}生态湿地修复工程",
            "{p}冷链物流中心", "{p}老旧小区改造工程", "{p}高标准农田建设项目", "{p}数字经济产业园",
            "{p}康养综合体项目")
SLOGANS = ("有事好商量", "码上议", "委员之家", "三走进一联系", "书香政协", "请你来协商",
           "委员工作室", "民生议事厅", "助企纾困", "同心圆")
DOCUMENTS = ("《关于推动{t}的调研报告》", "《关于加快{t}的建议》", "《{c}政协协商议事规则》",
             "《{c}政协委员履职考核办法》", "《关于进一步加强{t}的实施意见》", "《{c}文史资料》第{k}辑")
TOPICS = ("县域特色产业发展", "农村集体经济壮大", "养老服务体系建设", "职业教育产教融合",
          "营商环境优化提升", "基层医疗服务能力提升", "城乡生活垃圾分类", "文旅融合发展",
          "民营经济高质量发展", "乡村人才振兴")
WORKS = ("专题调研", "视察", "民主监督", "专题协商", "对口协商", "提案督办", "界别协商")
WORKS_LIST = ("调研", "视察", "协商", "监督", "宣讲", "走访", "培训", "座谈")
SERVICES = ("送医送药", "科技下乡", "法律咨询", "助学助困", "文化惠民", "就业帮扶", "关爱留守儿童")
RESULTS = ("形成调研报告{n}篇", "提出意见建议{n}条", "推动解决问题{n}个", "被采纳{n}条",
           "立案{n}件", "办结率达{pc}%", "满意率达{pc}%", "同比增长{s}%", "惠及群众{N}人次",
           "募集资金{w}万元", "带动就业{N}人", "总投资{x}亿元")
HEAD_FIRST = ("坚持政治引领", "服务中心大局", "秉持为民情怀", "坚持团结民主", "紧扣提质增效",
              "夯实信仰根基", "聚焦主责主业", "注重增进共识", "紧跟时代步伐", "深化协商议政",
              "强化民主监督", "加强自身建设")
HEAD_FIELDS = ("学习贯彻新思想", "助力高质量发展", "增强群众幸福感", "画出最大同心圆",
               "强化履职能力建设", "服务乡村振兴", "优化营商环境", "推进基层治理")
HEAD_PAIRS = ("筑根基、凝共识", "勇担当、建真言", "纾民困、解民忧", "广联谊、聚力量", "立规矩、促提升",
              "走在前、作贡献", "出实招、求实效", "谋良策、出新彩")
LEAD_VERBS = ("围绕", "聚焦", "着力", "坚持", "深化", "强化", "突出", "立足")
LEAD_OBJECTS = ("项目攻坚", "重点工作", "民生实事", "理论武装", "协商议政", "民主监督", "文史工作",
                "委员队伍", "界别活动", "社情民意", "宣传工作", "基层协商")
LEAD_ENDS = ("提速赋能", "建言献策", "把方向", "强定力", "聚合力", "增实效", "解民忧", "促提升", "见真章")
TITLE_LINES = ("踔厉奋发担使命", "勇毅前行谱新篇", "勇担新使命", "攀登新高峰", "凝心聚力促发展",
               "履职尽责显担当", "同心同行再出发", "建言资政献良策", "奋楫笃行开新局", "砥砺奋进新征程",
               "聚焦中心谋发展", "凝聚共识汇合力")
#: Clause material: each template is a clause without its closing mark, so
#: clauses join with ，/； into sentences and a sentence can stop after any.
CLAUSES = (
    "{y}年以来，{u}坚持以人民为中心的发展思想",
    "围绕{topic}开展{work}{n}次",
    "组织委员深入{l}开展“{slogan}”活动",
    "先后召开全体会议{k}次、常委会会议{k}次、主席会议{n}次",
    "向{i}报送{doc}",
    "全年{result}，{result}",
    "{u}牵头成立由{n}名委员组成的专题调研组",
    "联合{i}对{project}建设情况开展跟踪监督",
    "在第{q}季度集中开展{work}",
    "打造“{slogan}”协商议事品牌",
    "推动{list}等工作落地见效",
    "组织{sector}委员开展{services}等服务",
    "{project}已完成投资{x}亿元",
    "编印{doc}{k}期",
    "设立{c}政协委员工作室{n}个",
    "聘请{n}位专家组成咨询委员会",
    "{y1}—{y}年累计{result}",
    "全{k2}{towns}个镇（街道）实现议事室全覆盖",
    "{n}篇稿件在《人民政协报》《江苏政协》等刊登",
    "成效初显",
    "反响良好",
    "群众满意度明显提升",
    "委员提交提案{n}件，经审查立案{n}件",
    "推动出台{doc}",
    "把{topic}列为年度重点协商议题",
    "协调解决资金{w}万元",
    "每季度召开一次{work}推进会",
    "建立“{slogan}”工作机制",
    "组织委员走访企业{n}家，收集意见建议{n}条",
    "累计为群众办实事{N}件",
)
#: How a feature's first paragraph begins.
OPENINGS = ("{y}年，{u}在{c}委的坚强领导下，紧扣全{k2}中心大局，发挥专门协商机构作用，为推动{c}高质量发展贡献了智慧和力量。",
            "{y}年以来，{u}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实中央、省市{k2}委对政协工作的新部署新要求。",
            "一年来，{u}聚焦“{slogan}”，围绕{topic}等重点课题深入调研、协商议政。")
#: Whole sentences (with their own marks) that do not split.
SENTENCES = (
    "{member}说：“{speech}”",
    "“{speech}”{member}这样总结。",
    "这是{u}践行“{slogan}”理念的一个缩影——{result}。",
    "从“{a}”到“{b}”，从“{b}”到“{d}”……{c}的变化群众看在眼里。",
    "{doc}的调研成果，被{i}吸收采纳。",
    "{member}牵头撰写的{doc}，获{c}主要领导批示肯定。",
    "{list}……一项项实事落地，群众的获得感成色更足。",
)
SPEECHES = ("作为政协委员，就是要把群众的心声带到协商议事的平台上来。",
            "调研要沉下去，建议才能提上来，我们跑了{n}个村，才把问题摸清。",
            "我们这些年最大的体会，就是协商要真协商，监督要真监督。",
            "企业的难处就是我们履职的重点，能解决一个是一个。",
            "{n}件提案件件有回音，委员们干劲更足了。")
BEFORE_AFTER = (("等着办", "主动办", "马上办"), ("跑多次", "跑一次", "不用跑"),
                ("有想法", "有办法", "有成效"), ("单打独斗", "抱团发展", "集群发展"))
#: Short, neutral wording that pads a paragraph's last sentence to an exact length.
PAD = {2: ("见效", "到位", "落实"), 3: ("见实效", "有突破", "更扎实"),
       4: ("成效明显", "稳步推进", "亮点纷呈", "扎实有序", "落地见效"),
       5: ("取得新成效", "迈出新步伐", "呈现新气象", "形成新合力", "展现新作为"),
       6: ("群众普遍点赞", "工作有力有序", "各项任务落实")}
CAPTIONS = ("{u}组织委员视察{project}", "{u}主席{who}带队开展{work}", "{u}委员在{l}开展“{slogan}”活动",
            "{i}与{u}联合召开{work}会议，与会人员实地察看{project}")
SHORT_SENTENCE = 10
PAD_ENOUGH = 8
"""A sentence made to measure stops adding clauses this close to its length."""
"""A paragraph needs this many characters at least: one short sentence."""


class Writer:
    """Copy for one invented county, drawn from the tables with ``rng``."""

    def __init__(self, rng: random.Random, year: int = 2023, county: str = "") -> None:
        self.rng = rng
        self.year = year
        self.county = county or rng.choice(PLACE_FIRST) + rng.choice(PLACE_SECOND) + rng.choice(COUNTY_KINDS)
        self.unit = self.county + "政协"

    # -- words ---------------------------------------------------------------

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def place(self) -> str:
        return self.rng.choice(PLACE_FIRST) + self.rng.choice(PLACE_SECOND)

    def fill(self, template: str) -> str:
        """Every ``{slot}`` of ``template`` replaced by fresh material."""
        slots = self._slots
        return re.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)](), template)

    @property
    def _slots(self) -> dict[str, Callable[[], str]]:
        r, f = self.rng, self.fill
        return {
            "y": lambda: str(self.year), "y1": lambda: str(self.year - r.randint(2, 5)),
            "c": lambda: self.county, "u": lambda: self.unit, "l": self.place,
            "n": lambda: str(r.randint(2, 160)), "k": lambda: str(r.randint(1, 9)),
            "N": lambda: str(r.randrange(200, 20000, 10)), "q": lambda: str(r.randint(1, 4)),
            "x": lambda: f"{r.uniform(0.5, 60):.1f}", "pc": lambda: str(r.choice((95, 98, 100))),
            "s": lambda: f"{r.uniform(1.5, 31):.1f}", "w": lambda: f"{r.uniform(1, 900):.1f}",
            "i": lambda: f(r.choice(INSTITUTIONS)), "doc": lambda: f(r.choice(DOCUMENTS)),
            "t": lambda: r.choice(TOPICS), "topic": lambda: r.choice(TOPICS),
            "work": lambda: r.choice(WORKS), "slogan": lambda: r.choice(SLOGANS),
            "result": lambda: f(r.choice(RESULTS)), "project": lambda: f(r.choice(PROJECTS)),
            "sector": lambda: r.choice(SECTORS), "p": self.place,
            "services": lambda: "、".join(r.sample(SERVICES, r.randint(2, 4))),
            "list": lambda: "、".join(r.sample(WORKS_LIST, r.randint(3, 5))),
            "member": lambda: f"{self.unit}委员、{f(r.choice(COMPANIES))}董事长{self.person()}",
            "speech": lambda: f(r.choice(SPEECHES)), "who": self.person, "k2": lambda: self.county[-1],
            "towns": lambda: str(r.randint(6, 21)),
            **self._before_after(),
        }

    def _before_after(self) -> dict[str, Callable[[], str]]:
        a, b, d = self.rng.choice(BEFORE_AFTER)
        return {"a": lambda: a, "b": lambda: b, "d": lambda: d}

    # -- headline, photos ----------------------------------------------------

    def title(self) -> list[str]:
        return self.rng.sample(TITLE_LINES, 2)

    def subtitle(self) -> str:
        return f"——{self.unit}{self.year}年履职工作综述"

    def byline(self) -> str:
        if self.rng.random() < 0.5:
            return f"■通讯员 {self.person()}"
        return f"■记者 {self.person()}  通讯员 {self.person()}"

    def caption(self) -> str:
        r = self.rng
        what = self.fill(r.choice(CAPTIONS))
        return f"{self.year}年{r.randint(1, 12)}月{r.randint(1, 28)}日，{what}。"

    def subhead(self) -> list[str]:
        r = self.rng
        return [r.choice(HEAD_FIRST), f"在{r.choice(HEAD_FIELDS)}上{r.choice(HEAD_PAIRS)}"]

    def lead(self) -> str:
        r = self.rng
        return r.choice(LEAD_VERBS) + r.choice(LEAD_OBJECTS) + r.choice(LEAD_ENDS) + "。"

    # -- body ----------------------------------------------------------------

    def body(self, chars: int, subheads: int, shape: random.Random | None = None) -> list:
        """Body blocks (paragraphs, leads, subheads) whose paragraphs hold
        exactly ``chars`` characters: an opening paragraph, then ``subheads``
        sections of one to four paragraphs, most opening with a lead phrase.
        Paragraph lengths vary from a line to a third of a column. ``shape``
        (default: the writer's generator) draws the paragraphs and their
        proportions, so copy of one shape can be written in other words."""
        r, shape = self.rng, shape or self.rng
        counts = [1] + [shape.randint(1, 4) for _ in range(subheads)]
        while max(counts) > 1 and sum(counts) * SHORT_SENTENCE > chars:
            counts[max(range(len(counts)), key=counts.__getitem__)] -= 1
        lengths = shares(chars, [shape.uniform(0.3, 2.0) for _ in range(sum(counts))], SHORT_SENTENCE)
        blocks: list = []
        blocks.append(self.text(lengths.pop(0), opening=True))
        for count in counts[1:]:
            blocks.append({"head": self.subhead()})
            for _ in range(count):
                blocks.append(self.paragraph(lengths.pop(0), lead=r.random() < 0.7))
        return blocks

    def paragraph(self, chars: int, lead: bool = False) -> dict | str:
        """A paragraph of exactly ``chars`` characters (lead phrase included;
        the lead is dropped when it would leave too little text)."""
        phrase = self.lead() if lead else ""
        if chars - len(phrase) < SHORT_SENTENCE:
            phrase = ""
        text = self.text(chars - len(phrase))
        return {"lead": phrase, "text": text} if phrase else text

    def text(self, chars: int, opening: bool = False) -> str:
        """Sentences until exactly ``chars`` characters; the last is made to
        measure from clauses and, for the last few characters, padding. An
        opening paragraph starts as a feature's first paragraph does."""
        out = ""
        first = opening
        while True:
            sentence = self.fill(self.rng.choice(OPENINGS)) if first else self.sentence()
            first = False
            rest = chars - len(out) - len(sentence)
            if rest < 0 or 0 < rest < SHORT_SENTENCE:
                break
            out += sentence
            if rest == 0:
                return out
        return out + self.exact(chars - len(out))

    def sentence(self) -> str:
        """A whole sentence: clauses joined with ，/； or a fixed form with
        quotes, dashes or ellipses."""
        r = self.rng
        if r.random() < 0.2:
            return self.fill(r.choice(SENTENCES))
        clauses = [self.fill(r.choice(CLAUSES)) for _ in range(r.randint(1, 4))]
        return "".join(c + r.choice("，，，；") for c in clauses[:-1]) + clauses[-1] + "。"

    def exact(self, chars: int) -> str:
        """One sentence of exactly ``chars`` characters: as many clauses as
        fit, then a padding phrase for the rest (never a one- or
        two-character scrap after a comma: the last clause goes instead)."""
        clauses: list[str] = []
        for _ in range(40):
            clause = self.fill(self.rng.choice(CLAUSES))
            if len("，".join([*clauses, clause])) + 1 <= chars:
                clauses.append(clause)
            if chars - len("，".join(clauses)) <= PAD_ENOUGH:
                break
        left = chars - 1 - len("，".join(clauses))
        if clauses and 0 < left < 3:
            clauses.pop()
            left = chars - 1 - len("，".join(clauses))
        if not clauses:
            return _pad(chars - 1, self.rng) + "。"
        return "，".join(clauses) + ("，" + _pad(left - 1, self.rng) if left else "") + "。"


def _pad(chars: int, rng: random.Random) -> str:
    """Neutral wording of exactly ``chars`` characters, no phrase twice
    while there are others."""
    if chars <= 1:
        return "好" * chars
    words: list[str] = []
    while chars > 6:
        fitting = [w for n in (4, 5) for w in PAD[n] if chars - n - 1 >= 2]
        word = rng.choice([w for w in fitting if w not in words] or fitting)
        words.append(word)
        chars -= len(word) + 1
    return "，".join([*words, rng.choice(PAD[chars])])


def shares(total: int, weights: list[float], least: int) -> list[int]:
    """``total`` split in proportion to ``weights``, each at least ``least``
    (when the total allows), summing exactly to ``total``."""
    floor = min(least, total // len(weights))
    spare = total - floor * len(weights)
    shares = [floor + int(spare * w / sum(weights)) for w in weights]
    shares[max(range(len(shares)), key=shares.__getitem__)] += total - sum(shares)
    return shares
