"""One error family: every error the product raises on purpose has a code, a Vietnamese message, a detail."""

from __future__ import annotations

import inspect
import pickle

import pytest

import dossier.documents.errors as document_errors
import dossier.errors as domain_errors
import dossier.signing.errors as signing_errors
import dossier.signing.pkcs11 as token_errors
import dossier.signing.remote as remote_errors
from dossier.errors import DossierError, NotFound, Refused
from dossier.signing.verification import VerificationError

FAMILY = [cls for module in (domain_errors, document_errors, signing_errors, token_errors, remote_errors)
          for _, cls in inspect.getmembers(module, inspect.isclass)
          if issubclass(cls, BaseException) and cls.__module__ == module.__name__] + [VerificationError]


@pytest.mark.parametrize("cls", FAMILY, ids=lambda c: c.__name__)
def test_every_error_belongs_to_the_family(cls: type[BaseException]) -> None:
    assert issubclass(cls, DossierError)
    assert cls.code.isascii() and cls.code.replace("_", "").isalnum()
    assert cls.message and not cls.message.isascii(), "a Vietnamese message for the user"


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in FAMILY]
    assert len(codes) == len(set(codes)), sorted(codes)


def test_domain_engine_and_signing_errors_carry_message_and_detail() -> None:
    assert str(Refused(["Thiếu hồ sơ."])) == "Thiếu hồ sơ." and Refused(["x"]).code == "refused"
    error = document_errors.TemplateRenderError("bad tag", message_vi="Mẫu bị lỗi.")
    assert (str(error), error.message, error.message_vi, error.detail) == ("bad tag", "Mẫu bị lỗi.", "Mẫu bị lỗi.",
                                                                            "bad tag")
    back = pickle.loads(pickle.dumps(error))  # the trip back from a render worker
    assert (type(back), back.message, back.detail, back.code) == (type(error), "Mẫu bị lỗi.", "bad tag",
                                                                  "template_failed")
    signing = signing_errors.WrongPasswordError("The password does not open the file")
    assert isinstance(signing, RuntimeError) and signing.detail == str(signing)
    assert signing.message == "Mật khẩu chứng thư số không đúng." and signing.code == "wrong_password"


def test_the_web_maps_codes_not_classes() -> None:
    from web.errors import STATUS, status_of

    class Hidden(NotFound):
        pass

    assert status_of(Hidden("Không tìm thấy hồ sơ.")) == STATUS["not_found"] == (404, "Không tìm thấy")
    assert status_of(document_errors.RenderTimeout("slow")) is None  # a system error, not a user's
