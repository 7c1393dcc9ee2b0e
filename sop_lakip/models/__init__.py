from . import (
    hr_employee,
    res_company,
    sop_document,
    sop_document_child_mixin,
    sop_document_column,
    sop_document_line,
    sop_role,
    sop_step,
)
