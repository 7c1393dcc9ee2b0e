from . import sop_document_reject_wizard
