"""The base of every domain error: a stable machine code plus a pt-BR message.

Apps define their own codes (an enum) and subclass DomainError; the API maps them to
HTTP once, in core.api.exceptions."""


class DomainError(Exception):
    http_status = 400

    def __init__(self, code: str, message: str, detail: str = ""):
        self.code = str(code)
        self.message = str(message)
        self.detail = detail  # for developers and logs, never shown to users
        super().__init__(f"{self.code}: {self.message}" + (f" ({detail})" if detail else ""))


class CoreError(DomainError):
    """An action inside a municipality refused; `code` from CoreErrorCode."""

    http_status = 400

    def __init__(self, code: str, message: str, detail: str = "", *, status: int = 400):
        super().__init__(code, message, detail)
        self.http_status = status
