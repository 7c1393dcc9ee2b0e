from . import sop_xlsx_abstract
from . import sop_register_xlsx
from . import lakip_worksheet_xlsx
from . import lakip_capaian_xlsx
