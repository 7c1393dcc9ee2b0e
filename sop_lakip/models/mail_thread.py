from odoo import api, models
from odoo.exceptions import AccessError

from ..compat import store_values


def is_addon_model(model):
    """Whether ``model`` is one of the addon's (see sop.write.policy.mixin)."""
    return getattr(model, "_sop_addon_record", False)


def is_read_only_for(user, model):
    """Whether ``user`` only reads the records of ``model``: an auditor on the addon's
    records, except a reviewer (APIP) on the reviews he writes (``_sop_reviewer_record``)."""
    return (
        is_addon_model(model)
        and user._is_sop_auditor_only()
        and not (
            getattr(model, "_sop_reviewer_record", False)
            and user.has_group("sop_lakip.group_sop_reviewer")
        )
    )


class MailThread(models.AbstractModel):
    """Auditors read the addon's records and their history; they add nothing to them.

    No message, follower, activity or attachment of an auditor lands on a record of
    this addon, whatever the path: the web client posts and uploads as superuser after
    its own checks, so the checks below look at the user, not at the environment.
    The creation message of the addon's records is written in one language, also when the
    context has none. Every override here leaves the records of other models as Odoo has them.
    """

    _inherit = "mail.thread"

    @api.model
    def _check_sop_auditor_writes(self, model_names):
        """Refuse if the user is only an auditor and any of ``model_names`` is the addon's."""
        user = self.env.user
        if user._is_superuser() or not user._is_sop_auditor_only():
            return
        for name in model_names:
            if name in self.env and is_read_only_for(user, self.env[name]):
                raise AccessError(
                    self.env._(
                        "Auditors read %(model)s records: they cannot post messages, follow "
                        "them, schedule activities or attach files.",
                        model=self.env[name]._description,
                    )
                )

    def _creation_message(self):
        # Without a language in the context (data files, XML-RPC, crons) Odoo translates
        # "%s created" in the user's language but reads the model's name in English:
        # "Standard Operating Procedure dibuat". Name both in the user's language.
        if not self.env.lang and self.env.user.lang and is_addon_model(self):
            return super(MailThread, self.with_context(lang=self.env.user.lang))._creation_message()
        return super()._creation_message()

    def message_post(self, **kwargs):
        self._check_sop_auditor_writes([self._name])
        return super().message_post(**kwargs)

    def _message_compute_author(self, author_id=None, email_from=None, **kwargs):
        # Many civil servants have no e-mail address in Odoo. 18.0 refuses their posts
        # ("configure the sender's email address") but not their chatter messages, which
        # it posts as superuser; 19.0 refuses neither. The addon's buttons log as the
        # chatter does: by the user, without a sender address (mail goes out from the
        # agency's default sender).
        if kwargs.get("raise_on_email") and is_addon_model(self):
            kwargs["raise_on_email"] = False
        return super()._message_compute_author(author_id, email_from, **kwargs)

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        # A row of the coordination dashboard (a SQL view) is no agency's record: the
        # coordinator's reminder makes its Sekretaris follow it.
        if self._auto:
            self._check_sop_auditor_writes([self._name])
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    @api.model
    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        """Messages created on a run another way than message_post need write access too."""
        check_operation = super()._get_mail_message_access(res_ids, operation, model_name)
        model = self.env[model_name] if model_name else self
        if operation != "read" and is_read_only_for(self.env.user, model):
            return "write"  # which auditors never have on the addon's models
        return check_operation

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        """The same rule under 19.0's name of the hook (18.0 never calls this one)."""
        operations = super()._mail_get_operation_for_mail_message_operation(message_operation)
        if message_operation != "read" and is_read_only_for(self.env.user, self):
            return dict.fromkeys(operations, "write")
        return operations

    def _thread_to_store(self, store, /, *args, request_list=None, **kwargs):
        # 19.0 passes the fields positionally, 18.0 by keyword: hand both on as they came.
        result = super()._thread_to_store(store, *args, request_list=request_list, **kwargs)
        if request_list and is_read_only_for(self.env.user, self):
            for thread in self:
                store_values(
                    store, thread, {"canPostOnReadonly": False, "sopReadOnly": True}, as_thread=True
                )
        return result
