"""The performance targets (绩效目标) of a generated budget: one form per project.

Why the same six indicators for every project: the reader and its rules only need a quantified and
an unquantified indicator of each level; the project's own output and benefit make each form its own.
"""

from __future__ import annotations

from ingest.demo.budget import Budget
from ingest.demo.cells import wan_always
from ingest.model import Indicator, PerformanceTarget


def _indicator(level1: str, level2: str, level3: str, comparator: str | None, value: str | None,
               unit: str | None) -> Indicator:
    text = f"{comparator or ''}{value or ''}{unit or ''}" if value else "有所提升"
    return Indicator(level1=level1, level2=level2, level3=level3, description=level3, value_text=text,
                     comparator=comparator, value=value, unit=unit, quantified=value is not None,
                     basis="历史标准及行业标准")


def performance_targets(b: Budget, file: str) -> list[PerformanceTarget]:
    targets = []
    for project, amount in b.projects:
        targets.append(PerformanceTarget(
            project=project.name,
            goal=f"1.按计划完成{project.name}支持的各项任务，提升{project.benefit}。",
            file=file,
            indicators=[
                _indicator("产出指标", "数量指标", project.output, "≥", "95", "%"),
                _indicator("产出指标", "质量指标", "任务验收合格率", "≥", "98", "%"),
                _indicator("产出指标", "时效指标", "按时完成率", "=", "100", "%"),
                _indicator("成本指标", "经济成本指标", "项目预算控制数", "≤", wan_always(amount), "万元"),
                _indicator("效益指标", "社会效益指标", f"{project.benefit}提升情况", None, None, None),
                _indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%"),
            ],
        ))
    return targets
