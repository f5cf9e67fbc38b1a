"""The Hebei disclosure template: the titles, lines, columns and labels every Hebei document prints.

Why a template rather than the document's rows: the text rendering (ingest/demo/writers/
text_rendering.py) lays a Document out the way Hebei publishes it, whatever rows the Document holds —
the summary tables always print the 31 function lines (empty ones too), a 三公 or fixed-asset table
always its nine or six lines. Budget and 决算 titles differ; every 决算 title is recognised by
ingest/reading/table_kinds.py as the same kind as its budget title, phase final.
"""

from __future__ import annotations

UNIT = "万元"
UNIT_FACTOR = 10000

TITLES = {
    "summary": "部门预算收支总表",
    "income": "部门预算收入总表",
    "expenditure": "部门预算支出总表",
    "fiscal_summary": "部门预算财政拨款收支总表",
    "general_budget": "部门预算一般公共预算财政拨款支出表",
    "basic_expenditure": "部门预算一般公共预算财政拨款基本支出表",
    "government_fund": "部门预算政府基金预算财政拨款支出表",
    "state_capital": "部门预算国有资本经营预算财政拨款支出表",
    "three_public": "部门预算财政拨款“三公”经费支出表",
    "procurement": "部门政府采购预算",
    "fixed_assets": "部门固定资产占用情况表",
}
# 决算 titles: every one is recognised by ingest/reading/table_kinds.py as the same kind, phase final.
FINAL_TITLES = {
    "summary": "部门收入支出决算总表",
    "income": "部门收入决算表",
    "expenditure": "部门支出决算表",
    "fiscal_summary": "部门财政拨款收入支出决算总表",
    "general_budget": "部门一般公共预算财政拨款支出决算表",
    "basic_expenditure": "部门一般公共预算财政拨款基本支出决算表",
    "government_fund": "部门政府性基金预算财政拨款支出决算表",
    "state_capital": "部门国有资本经营预算财政拨款支出决算表",
    "three_public": "部门财政拨款“三公”经费支出决算表",
    "procurement": "部门政府采购情况表",
    "fixed_assets": "部门固定资产占用情况表",
}
STANDARD_ORDER = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_expenditure",
    "government_fund",
    "state_capital",
    "three_public",
)
EMPTY_NOTES = {
    "government_fund": "注：无政府基金预算财政拨款预算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款预算，空表列示。",
    "procurement": "注：无政府采购预算，空表列示。",
}
FINAL_EMPTY_NOTES = {
    "government_fund": "注：无政府性基金预算财政拨款决算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款决算，空表列示。",
    "procurement": "注：无政府采购支出，空表列示。",
}

# The 31 function lines (类) every Hebei summary prints, in order; 人行科目 has no class code.
HEBEI_FUNCTION_LINES: tuple[tuple[str, str | None], ...] = (
    ("一般公共服务支出", "201"),
    ("外交支出", "202"),
    ("国防支出", "203"),
    ("公共安全支出", "204"),
    ("教育支出", "205"),
    ("科学技术支出", "206"),
    ("文化旅游体育与传媒支出", "207"),
    ("社会保障和就业支出", "208"),
    ("社会保险基金支出", "209"),
    ("卫生健康支出", "210"),
    ("节能环保支出", "211"),
    ("城乡社区支出", "212"),
    ("农林水支出", "213"),
    ("交通运输支出", "214"),
    ("资源勘探工业信息等支出", "215"),
    ("商业服务业等支出", "216"),
    ("金融支出", "217"),
    ("援助其他地区支出", "219"),
    ("自然资源海洋气象等支出", "220"),
    ("住房保障支出", "221"),
    ("粮油物资储备支出", "222"),
    ("国有资本经营预算支出", "223"),
    ("灾害防治及应急管理支出", "224"),
    ("预备费", "227"),
    ("其他支出", "229"),
    ("转移性支出", "230"),
    ("债务还本支出", "231"),
    ("债务付息支出", "232"),
    ("债务发行费用支出", "233"),
    ("抗疫特别国债安排的支出", "234"),
    ("人行科目", None),
)
SUMMARY_INCOME_LINES = (
    ("general_budget", "一般公共预算拨款收入"),
    ("government_fund", "政府性基金预算拨款收入"),
    ("state_capital", "国有资本经营预算拨款收入"),
    ("fiscal_special", "财政专户管理资金收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("superior_subsidy", "上级补助收入"),
    ("subordinate_remit", "附属单位上缴收入"),
    ("other", "其他收入"),
)
FISCAL_INCOME_LINES = (
    ("general_budget", "一般公共预算拨款"),
    ("government_fund", "政府性基金预算拨款"),
    ("state_capital", "国有资本经营预算拨款"),
)
INCOME_COLUMNS = (
    "total",
    "current_income",
    "fiscal_appropriation",
    "fiscal_special",
    "business",
    "operating",
    "superior_subsidy",
    "subordinate_remit",
    "other",
    "carry_over",
)
EXPENDITURE_COLUMNS = ("total", "basic", "project", "operating", "remit_superior", "subsidy_subordinate")
GENERAL_BUDGET_COLUMNS = ("total", "basic", "project")
BASIC_COLUMNS = ("total", "personnel", "public")
FUND_COLUMNS = ("total", "general_budget", "government_fund", "state_capital")
THREE_PUBLIC_ROWS = (
    ("total", "合计"),
    ("subtotal", "“三公”经费小计"),
    ("abroad", "一、因公出国（境）费"),
    ("abroad.teaching", "    其中：教学科研人员因公出国（境）费"),
    ("abroad.other", "          其他因公出国（境）费"),
    ("car", "二、公务用车购置及运维费"),
    ("car.purchase", "    其中：公务用车购置费"),
    ("car.operation", "          公务用车运行维护费"),
    ("reception", "三、公务接待费"),
)
FIXED_ASSET_ROWS = (
    ("total", "资产总额"),
    ("buildings", "1、房屋（平方米）"),
    ("buildings.office", "　　其中：办公用房（平方米）"),
    ("vehicles", "2、车辆（台、辆）"),
    ("equipment", "3、单价在20万元以上的设备"),
    ("other", "4、其他固定资产"),
)
PROCUREMENT_COLUMNS = (
    "total",
    "general_budget",
    "government_fund",
    "state_capital",
    "fiscal_special",
    "unit_funds",
    "fiscal_carry_over",
    "other_carry_over",
)
GLOSSARY = (
    "1、一般公共预算拨款收入：指本级财政当年拨付的资金。",
    "2、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "3、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "4、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "5、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    "6、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项公用经费。",
    "7、上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。",
)
