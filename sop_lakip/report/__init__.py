from . import sop_xlsx_abstract
from . import sop_register_xlsx
from . import lakip_worksheet_xlsx
from . import lakip_capaian_xlsx
from . import sop_report
from . import sop_letter_report
from . import sop_register_report
