from . import res_company
from . import res_users
from . import sop_workflow_mixin
from . import sop_civil_servant_mixin
from . import hr_department
from . import hr_employee
from . import hr_employee_public
from . import ir_actions_report
from . import ir_attachment
from . import mail_activity
from . import mail_thread
from . import sop_activity_mixin
from . import sop_role
from . import sop_document_child_mixin
from . import sop_document
from . import sop_template
from . import sop_document_intake
from . import sop_document_column
from . import sop_document_line
from . import sop_step
from . import sop_instance
from . import sop_instance_holder
from . import sop_workitem
from . import lakip_objective
from . import lakip_indicator
from . import lakip_target
from . import lakip_realization
from . import lakip_budget
from . import lakip_report
from . import lakip_worksheet
from . import sop_letter_kind
from . import sop_letter_counter
from . import sop_letter
from . import sop_letter_line

# The letter and LAKIP parts of the run engine's models (sop.step, sop.workitem,
# sop.instance): the engine calls their hooks and names neither part. Letters first:
# the LAKIP part builds on them (a LAKIP run's cover letter sends the LAKIP).
from . import sop_step_letter
from . import sop_instance_letter
from . import sop_workitem_letter
from . import sop_step_lakip
from . import sop_instance_lakip
from . import sop_workitem_lakip
from . import sop_monitoring
from . import sop_monitoring_line
from . import sop_evaluation
from . import sop_evaluation_line
