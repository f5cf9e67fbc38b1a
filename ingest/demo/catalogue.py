"""What the demo publishes: its departments, their projects, the subjects they book, the seed.

Why a catalogue of its own: every other module of the demo draws numbers *for* these departments
and years; keeping who they are (name, code, staff, cars, projects and the 项 each is booked under)
apart from the arithmetic lets a newcomer change the cast without touching a sum. The region is a
made-up 演示区 of 秦皇岛市 and every document says under 九、其他需要说明的事项 that it was
generated (:data:`DEMO_NOTE`). :data:`BROKEN` names the one budget broken on purpose (B07) to show
quarantine. Amounts are integers in 0.01 万元 (100 元) while building, so sums are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.model import Region

DEFAULT_SEED = 20240601
DEFAULT_YEARS = (2023, 2024)
DEMO_PHASES = ("budget", "final")  # the demo inbox: budgets and the 决算 of every year but the latest
REGION = Region(province="河北省", city="秦皇岛市", county="演示区")
DEMO_NOTE = "本文件为 budgetwh 生成的演示数据（演示区为虚构地区），所列数字均为虚构，仅用于演示数据仓库的加载、校验与隔离流程。"
FACTOR = 10000  # 万元

# --- subjects the demo uses (支出功能分类 类 / 款 / 项) ------------------------------------------
FUNCTION_NAMES = {
    "201": "一般公共服务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010699": "其他财政事务支出",
    "204": "公共安全支出",
    "20402": "公安",
    "2040201": "行政运行",
    "2040219": "信息化建设",
    "2040220": "执法办案",
    "2040221": "特别业务",
    "205": "教育支出",
    "20501": "教育管理事务",
    "2050101": "行政运行",
    "2050199": "其他教育管理事务支出",
    "20502": "普通教育",
    "2050202": "小学教育",
    "2050203": "初中教育",
    "20508": "进修及培训",
    "2050803": "培训支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "210": "卫生健康支出",
    "21001": "卫生健康管理事务",
    "2100101": "行政运行",
    "21004": "公共卫生",
    "2100408": "基本公共卫生服务",
    "2100409": "重大公共卫生服务",
    "21007": "计划生育事务",
    "2100717": "计划生育服务",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101103": "公务员医疗补助",
    "212": "城乡社区支出",
    "21201": "城乡社区管理事务",
    "2120101": "行政运行",
    "2120104": "城管执法",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120803": "城市建设支出",
    "213": "农林水支出",
    "21301": "农业农村",
    "2130101": "行政运行",
    "2130122": "农业生产发展",
    "2130153": "农田建设",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴",
    "2130599": "其他巩固脱贫攻坚成果衔接乡村振兴支出",
    "221": "住房保障支出",
    "22101": "保障性安居工程支出",
    "2210103": "棚户区改造",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}

# --- 部门预算支出经济分类: the basic-expenditure items, personnel (301/303) and public (302) ------------
ECONOMIC_NAMES = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修(护)费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30305": "生活补助",
    "30309": "奖励金",
}
PERSONNEL_CLASSES = ("301", "303")

FUNDS = ("general_budget", "government_fund", "carry_over", "business")


@dataclass(frozen=True)
class Project:
    """A project (项目支出) booked under one 项 subject and paid from one source of funds."""

    name: str
    code: str
    low: int  # 万元
    high: int
    fund: str = "general_budget"  # general_budget | government_fund | carry_over | business
    output: str = "任务完成率"
    benefit: str = "工作水平"
    car_purchase: bool = False  # the project buys official cars (三公 公务用车购置费)


@dataclass(frozen=True)
class DepartmentSpec:
    slug: str
    name: str
    code: str
    admin_code: str  # the 行政运行 项 that carries the basic spending not booked elsewhere
    staff: int
    retirees: int
    cars: int
    projects: tuple[Project, ...]
    abroad: bool = False
    office_area: int = 1200


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "finance", "财政局", "106", "2010601", staff=46, retirees=12, cars=2,
        projects=(
            Project("财政业务综合管理经费", "2010602", 40, 90, output="预算评审项目数", benefit="财政资金使用效益"),
            Project("预算管理一体化系统运维费", "2010607", 60, 160, output="系统正常运行率", benefit="预算管理信息化水平"),
            Project("财政投资评审经费", "2010699", 20, 60, output="评审项目完成率", benefit="政府投资审减率"),
        ),
    ),
    DepartmentSpec(
        "public_security", "公安分局", "121", "2040201", staff=180, retirees=40, cars=24,
        projects=(
            Project("机关综合运行保障经费", "2040201", 80, 160, output="保障事项完成率", benefit="机关运转效率"),
            Project("公安信息化建设运维费", "2040219", 120, 320, output="系统正常运行率", benefit="案件研判效率"),
            Project("执法办案经费", "2040220", 150, 300, output="案件办结率", benefit="群众安全感", car_purchase=True),
            Project("特勤保障经费", "2040221", 40, 110, output="勤务保障完成率", benefit="重大活动安全"),
        ),
    ),
    DepartmentSpec(
        "education", "教育局", "130", "2050101", staff=38, retirees=15, cars=1, abroad=True,
        projects=(
            Project("教育督导评估经费", "2050199", 15, 45, output="督导学校覆盖率", benefit="办学规范水平"),
            Project("义务教育阶段小学公用经费补助", "2050202", 300, 700, output="补助学生覆盖率", benefit="小学办学条件"),
            Project("义务教育阶段初中公用经费补助", "2050203", 200, 500, output="补助学生覆盖率", benefit="初中办学条件"),
            Project("教师继续教育培训经费", "2050803", 30, 80, fund="business", output="培训教师人数达标率",
                    benefit="教师专业能力"),
        ),
    ),
    DepartmentSpec(
        "health", "卫生健康局", "135", "2100101", staff=42, retirees=10, cars=2,
        projects=(
            Project("基本公共卫生服务补助资金", "2100408", 400, 900, output="居民健康档案建档率", benefit="居民健康水平"),
            Project("重大传染病防控经费", "2100409", 80, 200, output="免疫规划疫苗接种率", benefit="传染病发病率控制"),
            Project("计划生育家庭奖励扶助资金", "2100717", 60, 150, output="奖励扶助对象覆盖率", benefit="家庭发展能力"),
        ),
    ),
    DepartmentSpec(
        "agriculture", "农业农村局", "142", "2130101", staff=55, retirees=20, cars=3,
        projects=(
            Project("农业生产发展资金", "2130122", 150, 400, output="良种推广面积达标率", benefit="粮食综合生产能力"),
            Project("高标准农田建设经费", "2130153", 200, 600, output="高标准农田建成面积完成率", benefit="农田灌溉保证率"),
            Project("乡村振兴衔接补助（上年结转）", "2130599", 20, 80, fund="carry_over", output="帮扶项目完成率",
                    benefit="脱贫人口收入增长"),
        ),
    ),
    DepartmentSpec(
        "housing", "住房和城乡建设局", "148", "2120101", staff=60, retirees=18, cars=3,
        projects=(
            Project("城市管理综合执法经费", "2120104", 60, 160, output="违法建设查处率", benefit="市容环境"),
            Project("城市基础设施建设支出", "2120803", 500, 1500, fund="government_fund", output="道路建设完成率",
                    benefit="城市通行能力"),
            Project("棚户区改造补助资金", "2210103", 150, 450, output="棚改安置完成率", benefit="群众居住条件"),
        ),
    ),
)
# The document broken on purpose (slug, year) and the rule it breaks.
BROKEN = ("public_security", 2024)
BROKEN_RULE = "B07"


def demo_filename(spec: DepartmentSpec, year: int, phase: str = "budget") -> str:
    suffix = "_final" if phase == "final" else ""
    return f"demo_{year}_{spec.code}_{spec.slug}{suffix}.txt"


def department(slug: str) -> DepartmentSpec:
    return next(d for d in DEPARTMENTS if d.slug == slug)


def final_years(years: Sequence[int]) -> list[int]:
    """The years whose final accounts (决算) the demo publishes: every requested year but the latest,
    whose accounts are not closed yet (2023 of 2023 and 2024; none of a single year)."""
    return sorted(set(years))[:-1]
