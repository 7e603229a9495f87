#!/usr/bin/env python3
"""A synthetic 16-page edition for benchmarks: one content file a page.

Each page is an installment of an invented county-development series with
1–3 articles (kicker, two title lines, byline, an opening paragraph, sections
under two-phrase subheads with run-in lead phrases, figures and percentages)
and 3–4 photos from ``content/photos/`` (by absolute path, so the files say
``photos_outside: true``), at least one per article (the fitter evens a band
out by sizing its photos). The copy is assembled from the phrase tables
below, seeded, so the same seed writes the same bytes.

Article lengths come from a copy-fit estimate of the page (the grid's area
less banner, rules, headline blocks, photos at their mean size and subheads),
so most pages fit flush; the engine's photo sizes absorb the estimate's error.

    .venv/bin/python bench/edition.py FOLDER [--pages 16] [--seed 0]
"""
from __future__ import annotations

import argparse
import math
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image

from banmian.load.layout import Layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"
PHOTOS = ROOT / "content" / "photos"
#: Landscape (3:2) and square stand-ins; the portrait one needs a taller band
#: than a two- or three-article page gives.
PHOTO_FILES = ("hongze-1.jpg", "hongze-2.jpg", "huaiyin-1.jpg", "huaiyin-3.jpg", "huaiyin-4.jpg",
               "jinhu-1.jpg", "jinhu-2.jpg", "qingjiangpu-1.jpg", "xuyi-1.jpg")
#: Body lines a headline block of kicker, two title lines and byline takes.
HEADLINE_LINES = 11
#: Caption lines under a photo at three or four columns (captions here are short).
CAPTION_LINES = 1


@dataclass(frozen=True)
class Theme:
    """Phrase material for one kind of section."""

    head: str                 # first subhead phrase
    field: str                # "在{field}上…": second subhead phrase
    leads: tuple[str, ...]    # run-in lead phrases
    measures: tuple[str, ...]  # what was done
    facts: tuple[str, ...]    # what it came to, with {n} {N} {x} {p} {s} placeholders
    results: tuple[str, ...]  # what it means
    captions: tuple[str, ...]  # what a photo shows


THEMES = (
    Theme("坚持项目为王", "扩大有效投资",
          ("招引项目抓源头。", "推进建设抓进度。", "服务企业抓保障。", "谋划储备抓长远。"),
          ("组建驻外招商小分队，瞄准长三角和珠三角开展精准招商",
           "建立重点项目“一名领导、一个专班、一抓到底”推进机制",
           "实行项目建设周调度、月通报、季观摩制度",
           "为落地项目提供从签约到投产的全程帮办代办服务",
           "盘活闲置厂房和低效用地，腾出发展空间",
           "对在建项目实行挂图作战、倒排工期"),
          ("新签约亿元以上项目{n}个，协议总投资{x}亿元",
           "{n}个省市重点项目全部开工建设",
           "完成固定资产投资{x}亿元，同比增长{s}%",
           "新建标准厂房{n}万平方米",
           "盘活低效用地{N}亩",
           "全年帮办代办事项{N}件"),
          ("项目开工率达{p}%", "形成了签约一批、开工一批、投产一批的良好态势",
           "投资对经济增长的拉动作用进一步增强"),
          ("工人在新建的标准厂房内调试生产设备", "重点项目建设现场塔吊林立")),
    Theme("突出创新驱动", "产业转型升级",
          ("做强主导产业。", "培育创新主体。", "推动数字赋能。"),
          ("围绕智能装备、新材料两大主导产业延链补链强链",
           "引导规上企业建设研发机构，提升自主创新能力",
           "与{n}所高校院所共建产学研合作平台",
           "实施智能化改造和数字化转型三年行动",
           "设立{x}亿元产业引导基金，撬动社会资本投向新兴产业"),
          ("新增高新技术企业{n}家", "规上工业增加值增长{s}%",
           "研发经费投入同比增长{s}%", "建成省级智能制造车间{n}个",
           "高新技术产业产值占规上工业产值的{p}%"),
          ("产业集群规模持续壮大", "企业创新活力不断迸发", "发展的含金量、含新量明显提升"),
          ("技术人员在企业研发中心开展产品测试", "智能化生产线上机械臂正在作业")),
    Theme("推进乡村振兴", "农业农村发展",
          ("稳住粮食生产。", "壮大集体经济。", "建设和美乡村。"),
          ("新建高标准农田{n}万亩，配套完善排灌设施",
           "推广稻虾共作、稻渔综合种养等生态模式",
           "组建村级强村富民公司，发展物业经济和乡村服务业",
           "开展农村人居环境整治提升行动",
           "扶持发展家庭农场和农民合作社"),
          ("粮食总产稳定在{n}万吨以上", "村级集体经营性收入平均达{n}万元",
           "农村生活污水治理率达{p}%", "新培育省级特色田园乡村{n}个",
           "农村居民人均可支配收入增长{s}%"),
          ("乡村面貌焕然一新", "农民群众的获得感成色更足", "农业增效、农民增收的路子越走越宽"),
          ("农户在高标准农田里收割水稻", "村民在特色田园乡村的文化广场上休闲")),
    Theme("守护绿水青山", "生态环境治理",
          ("打好蓝天保卫战。", "护好一河清水。", "建好绿色家园。"),
          ("落实河湖长制，开展河道清淤和岸线整治",
           "对重点企业实施超低排放改造",
           "推进城乡垃圾分类和资源化利用",
           "新增造林绿化面积{N}亩",
           "建立生态环境问题“发现、交办、整改、销号”闭环机制"),
          ("空气质量优良天数比率达{p}%", "{n}条重点河道水质稳定达标",
           "整改生态环境问题{n}个", "PM2.5平均浓度同比下降{s}%",
           "单位GDP能耗下降{s}%"),
          ("生态环境质量持续改善", "群众身边的绿色越来越多", "绿色发展底色更加鲜亮"),
          ("志愿者在河道沿线开展巡河护河活动", "湿地公园里白鹭翩飞")),
    Theme("增进民生福祉", "办好民生实事",
          ("稳定就业增收入。", "补齐教育短板。", "守护群众健康。", "兜牢民生底线。"),
          ("举办线上线下招聘会{n}场，开展订单式职业技能培训",
           "新建改扩建中小学和幼儿园{n}所",
           "推进紧密型县域医共体建设，专家定期到基层坐诊",
           "为{N}名困难群众发放各类救助金",
           "在村（社区）建成综合养老服务中心和助餐点"),
          ("城镇新增就业{N}人", "新增学位{N}个", "家庭医生签约服务覆盖率达{p}%",
           "民生支出占一般公共预算支出的{p}%", "发放各类救助资金{x}亿元"),
          ("群众的幸福感持续提升", "一批群众急难愁盼问题得到解决", "民生答卷更有温度"),
          ("医护人员在社区卫生服务站为老人义诊", "求职者在招聘会现场咨询岗位信息")),
    Theme("深化改革攻坚", "优化营商环境",
          ("提升政务服务效能。", "激发市场主体活力。", "护航企业健康发展。"),
          ("推行“一件事一次办”集成改革，压减办事环节和材料",
           "设立企业服务专员，开展“企业大走访”活动",
           "兑现各类惠企政策资金{x}亿元",
           "上线涉企诉求“直通车”平台，实行限时办结",
           "开展信用修复和包容审慎监管"),
          ("新增市场主体{N}户", "政务服务事项网上可办率达{p}%",
           "为企业减税降费{x}亿元", "办理涉企诉求{N}件，办结率{p}%"),
          ("营商环境满意度位居全市前列", "企业在这里安心发展、放心投资", "市场主体活力持续迸发"),
          ("群众在政务服务中心窗口办理业务", "企业服务专员走进车间了解生产情况")),
    Theme("夯实基层治理", "共建共治共享",
          ("网格连民心。", "调解化矛盾。", "平安护万家。"),
          ("划分综合网格{n}个，配备专兼职网格员",
           "推行“支部建在网格上”，党员干部常态化走访群众",
           "在村（社区）设立矛盾纠纷调解工作室",
           "开展法官、检察官、警官和律师进网格活动",
           "完善群众诉求受理、办理、反馈全流程机制"),
          ("化解矛盾纠纷{N}起，调解成功率{p}%", "群众安全感达{p}%",
           "收集处置群众诉求{N}件", "刑事警情同比下降{s}%"),
          ("小事不出村、大事不出镇", "基层治理效能不断提升", "平安建设群众满意率稳步提高"),
          ("网格员入户走访了解群众诉求", "调解员在工作室调处邻里纠纷")),
    Theme("繁荣文化事业", "文旅融合发展",
          ("文化惠民暖人心。", "文旅融合添活力。", "文明实践树新风。"),
          ("举办乡村文化节、农民丰收节等活动{n}场",
           "打造{n}条精品旅游线路，串联古镇、湿地和采摘园",
           "修缮历史建筑和传统村落，留住乡愁记忆",
           "组建新时代文明实践志愿服务队{n}支",
           "开展送戏下乡、送书下乡、送电影下乡活动"),
          ("接待游客{N}万人次，实现旅游收入{x}亿元", "开展志愿服务活动{N}场次",
           "建成城市书房和农家书屋{n}个", "旅游收入同比增长{s}%"),
          ("群众精神文化生活更加丰富", "文明新风吹遍城乡", "文化软实力不断增强"),
          ("游客在古镇老街上参观游览", "文艺志愿者为村民送上戏曲演出")),
    Theme("强化党建引领", "锻造过硬队伍",
          ("抓学习强根基。", "抓组织强堡垒。", "抓作风强担当。"),
          ("开展专题读书班和集中研讨",
           "实施村党组织书记“领头雁”培育工程",
           "选派{n}名年轻干部到项目一线和信访一线锻炼",
           "持续整治形式主义、官僚主义，为基层减负",
           "开展“书记领办”项目攻坚"),
          ("举办专题培训{n}期，培训党员干部{N}人次", "整顿提升后进村党组织{n}个",
           "为基层办实事{N}件"),
          ("党员干部干事创业的精气神更足", "基层党组织的战斗堡垒作用充分发挥",
           "比学赶超的氛围日益浓厚"),
          ("党员志愿者在社区开展便民服务", "村党组织书记在田间地头宣讲政策")),
    Theme("提升城镇品质", "建设宜居家园",
          ("完善基础设施。", "改造老旧小区。", "提升管理水平。"),
          ("实施城镇道路、管网和停车场建设项目{n}个",
           "推进老旧小区改造和既有住宅加装电梯",
           "开展背街小巷整治，补齐照明和排水设施",
           "新建口袋公园和健身步道",
           "推行精细化、智慧化城市管理"),
          ("改造老旧小区{n}个，惠及居民{N}户", "新增停车泊位{N}个",
           "新建城市绿地{n}万平方米", "常住人口城镇化率达{p}%"),
          ("城镇颜值和品质同步提升", "居民出行更方便、生活更舒心", "城市功能日趋完善"),
          ("改造后的老旧小区焕然一新", "市民在新建的口袋公园里健身")),
)

PLACE_FIRST = "青柳石桃云金白龙清枫杏松梅芦兰丰安永双新平"
PLACE_SECOND = "河湾桥塘岭集口港圩坝溪湖庄墩沟山"
UNIT_KINDS = ("镇", "镇", "街道", "乡", "经济开发区")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ("海燕", "建国", "晓雯", "志强", "立新", "雨桐", "振华", "佳怡", "国庆", "文博", "秀英",
         "明辉", "思远", "春梅", "德胜", "静", "磊", "峰", "娟", "伟")
TITLE_FIRST = ("聚力产业强镇", "深耕生态沃土", "激活发展引擎", "奏响振兴强音", "筑牢民生底板",
               "厚植实体根基", "打造宜居家园", "跑出转型加速度", "锚定目标奋进", "实干开新局",
               "勇立改革潮头", "擦亮特色名片")
TITLE_SECOND = ("绘就共富新图景", "书写发展新答卷", "迈出赶超新步伐", "托起百姓幸福梦",
                "谱写时代新篇章", "奋力争先创一流", "蹚出振兴新路子", "展现担当新作为")
HEAD_ENDINGS = ("求突破", "见实效", "勇争先", "谋新篇", "显担当", "出新招", "下功夫")
PERIODS = ("今年以来", "过去一年", "{year}年以来", "近年来")
TARGETS = ("产业强镇、生态美镇、文化兴镇", "工业立镇、农业稳镇、旅游活镇", "强富美高",
           "一廊两区三园", "临港产业新城、生态宜居新城")
OVERVIEWS = ("全年实现地区生产总值{x}亿元，同比增长{s}%",
             "一般公共预算收入{x}亿元，增长{s}%",
             "规上工业总产值突破{n}亿元",
             "综合实力在全县考核中位列第一方阵")
CLOSINGS = ("各项事业呈现稳中有进、进中向好的良好态势", "经济社会发展迈上新台阶",
            "为全县高质量发展贡献了力量", "干部群众干事创业的热情持续高涨")
NUMERALS = "一二三四五六七八九十"


class Writer:
    """Copy for one page, drawn from the phrase tables with a seeded generator."""

    def __init__(self, rng: random.Random, year: int, chars_per_line: int, indent: int) -> None:
        self.rng = rng
        self.year = year
        self.chars_per_line = chars_per_line
        self.indent = indent

    def fill(self, template: str) -> str:
        """Replace each placeholder with a fresh figure."""
        r = self.rng
        figures = {
            "n": lambda: str(r.randint(3, 160)),
            "N": lambda: str(r.randrange(200, 9000, 10)),
            "x": lambda: f"{r.uniform(0.6, 60):.1f}",
            "p": lambda: f"{r.uniform(60, 99.5):.1f}",
            "s": lambda: f"{r.uniform(1.5, 15):.1f}",
            "year": lambda: str(self.year),
        }
        return re.sub(r"\{(\w+)\}", lambda m: figures[m.group(1)](), template)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def caption(self, unit: str) -> str:
        r = self.rng
        return (f"{self.year}年{r.randint(1, 11)}月{r.randint(1, 28)}日，{unit}，"
                f"{r.choice(r.choice(THEMES).captions)}。")

    def paragraph(self, theme: Theme, lines: int, lead: str = "") -> str:
        """Sentences about ``theme`` until the paragraph takes ``lines`` body
        lines (or the theme's clauses run out); no clause repeats inside it."""
        r = self.rng
        measures, facts, results = (r.sample(t, len(t)) for t in (theme.measures, theme.facts, theme.results))
        shapes = r.sample(range(4), 4) * 4
        text = ""
        while shapes and len(measures) > 1 and len(facts) > 1 and results:
            if text and self.lines(lead + text) >= lines:
                break
            shape = shapes.pop()
            if shape == 0:
                sentence = f"{measures.pop()}，{facts.pop()}。"
            elif shape == 1:
                sentence = f"{measures.pop()}，{facts.pop()}，{results.pop()}。"
            elif shape == 2:
                sentence = f"{r.choice(PERIODS)}，{facts.pop()}，{results.pop()}。"
            else:
                sentence = f"{r.randint(1, 9)}月以来，{measures.pop()}，推动{facts.pop()}。"
            text += self.fill(sentence)
        return text

    def lines(self, text: str) -> int:
        """Body lines a paragraph of ``text`` takes at the column measure."""
        return math.ceil((self.indent + len(text)) / self.chars_per_line)

    def body(self, unit: str, lines: int, sections: int) -> list:
        """An opening paragraph, then ``sections`` subheaded sections of lead
        paragraphs, about ``lines`` body lines in all (subheads excluded)."""
        r = self.rng
        opening = self.fill(f"{r.choice(PERIODS)}，{unit}紧扣“{r.choice(TARGETS)}”目标定位，"
                            f"{r.choice(OVERVIEWS)}，{r.choice(CLOSINGS)}。")
        blocks: list = [opening]
        used = self.lines(opening)
        for number, theme in enumerate(r.sample(THEMES, sections)):
            blocks.append({"head": [theme.head, f"在{theme.field}上{r.choice(HEAD_ENDINGS)}"]})
            budget = (lines - used) // (sections - number)
            count = max(2, round(budget / 10))
            leads = r.sample(theme.leads, min(len(theme.leads), count))
            for i in range(count):
                lead = leads[i] if i < len(leads) else ""
                # a paragraph ends on the first sentence that reaches its share,
                # so aim a line short
                text = self.paragraph(theme, (budget - 1) // (count - i), lead)
                blocks.append({"lead": lead, "text": text} if lead else text)
                taken = self.lines(lead + text)
                used, budget = used + taken, budget - taken
        return blocks


def photo_area(layout: Layout, aspect: float) -> float:
    """Column-lines a photo block takes, averaged over the widths it may have."""
    grid, arr = layout.grid, layout.arrangement
    extra = CAPTION_LINES + arr.caption_gap_lines + arr.photo_margin_lines
    areas = [c * (grid.span_width(c) / aspect / grid.line_pitch + extra) for c in arr.photo_columns]
    return sum(areas) / len(areas)


def page(number: int, seed: int, layout: Layout, places: list[str]) -> dict:
    """The content of page ``number`` as a plain mapping, ready for YAML."""
    rng = random.Random(f"edition {seed} page {number}")
    grid, arr = layout.grid, layout.arrangement
    writer = Writer(rng, 2024, grid.column_chars, layout.typography.indent_chars)
    articles = rng.choice((1, 2, 2, 2, 3))
    photo_count = rng.choice((3, 4, 4, 4))
    # dealt round: as even as they go, in a random order
    per_article = rng.sample([len(range(i, photo_count, articles)) for i in range(articles)], articles)
    photo_files = [PHOTOS / name for name in rng.sample(PHOTO_FILES, photo_count)]
    band_lines = grid.lines - arr.banner_lines - arr.credits_lines - arr.rule_lines * (articles - 1)
    free = (grid.columns * band_lines - articles * arr.headline_columns * HEADLINE_LINES
            - sum(photo_area(layout, _aspect(f)) for f in photo_files))
    shares = [rng.uniform(0.85, 1.15) for _ in range(articles)]
    subhead = min(arr.subhead_lines)
    result = []
    for i in range(articles):
        unit = places.pop() + rng.choice(UNIT_KINDS)
        lines = round(free * shares[i] / sum(shares))
        sections = max(1, min(len(THEMES), round(lines / 60)))
        photos = [photo_files.pop() for _ in range(per_article[i])]
        result.append({
            "kicker": unit,
            "title": [rng.choice(TITLE_FIRST), rng.choice(TITLE_SECOND)],
            "byline": f"■记者 {writer.name()}  通讯员 {writer.name()}",
            "photos": [{"file": str(f), "caption": writer.caption(unit)} for f in photos],
            "body": writer.body(unit, lines - sections * subhead, sections),
        })
    return {
        "name": f"edition-{number:02d}",
        "layout": str(LAYOUT),
        "normalize_punctuation": True,
        "photos_outside": True,
        "banner": {"main": "奋楫争先谱新篇", "series": f"——{_year(writer.year)}年县域高质量发展巡礼（{_numeral(number)}）",
                   "slogan": "实干笃行建新功"},
        "articles": result,
        "credits": f"■本版策划：{writer.name()} {writer.name()}",
    }


def _aspect(path: Path) -> float:
    with Image.open(path) as image:
        return image.width / image.height


def _year(year: int) -> str:
    """A year in Chinese digits, as a series line writes it: 二〇二四."""
    return "".join("〇" if d == "0" else NUMERALS[int(d) - 1] for d in str(year))


def _numeral(n: int) -> str:
    """1–99 in Chinese numerals, as series installments are numbered."""
    tens, ones = divmod(n, 10)
    return (("" if tens < 2 else NUMERALS[tens - 1]) + ("十" if tens else "")
            + (NUMERALS[ones - 1] if ones else ""))


def write_edition(folder: str | Path, pages: int = 16, seed: int = 0) -> list[Path]:
    """Write ``pages`` content files into ``folder``; the same seed writes the same bytes."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    layout = load_layout(LAYOUT)
    places = [a + b for a in PLACE_FIRST for b in PLACE_SECOND]
    random.Random(f"edition {seed} places").shuffle(places)
    written = []
    for number in range(1, pages + 1):
        path = folder / f"edition-{number:02d}.yaml"
        text = yaml.safe_dump(page(number, seed, layout, places), allow_unicode=True,
                              sort_keys=False, width=1000)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for path in write_edition(args.folder, args.pages, args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
