from . import sop_reason_wizard
from . import sop_document_reject_wizard
from . import sop_workitem_no_wizard
from . import lakip_worksheet_import_wizard
from . import lakip_worksheet_reopen_wizard
from . import lakip_report_reopen_wizard
from . import sop_document_import_wizard
from . import sop_letter_year_wizard
