from . import sop_monitoring_report
from . import sop_evaluation_report
from . import sop_monitoring_xlsx
