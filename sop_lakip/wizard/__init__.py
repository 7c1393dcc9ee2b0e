from . import sop_document_reject_wizard, sop_workitem_no_wizard
