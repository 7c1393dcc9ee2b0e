from . import (
    test_employee_nip,
    test_sop_access,
    test_sop_lifecycle,
    test_sop_tour,
    test_sop_validation,
)
