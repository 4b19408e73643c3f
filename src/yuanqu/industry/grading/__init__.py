"""Per-mu efficiency evaluation of enterprises (亩均效益评价), pure: no Django.

`scores` grades enterprises against indicators, benchmarks and cut-offs; `schemes` holds those parameters as a
versionable JSON document and validates it. Everything public is importable from here.
"""

from yuanqu.industry.grading.schemes import *  # noqa: F403
from yuanqu.industry.grading.schemes import __all__ as _schemes_all
from yuanqu.industry.grading.scores import *  # noqa: F403
from yuanqu.industry.grading.scores import __all__ as _scores_all

__all__ = [*_scores_all, *_schemes_all]
