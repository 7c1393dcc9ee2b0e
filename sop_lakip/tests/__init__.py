from . import test_employee_nip
from . import test_sop_access
from . import test_sop_instance
from . import test_sop_lifecycle
from . import test_sop_tour
from . import test_sop_validation
