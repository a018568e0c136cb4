import pytest

from tinhso.core.messaging import message_send, outbox_read


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.OUTBOX_DIR = tmp_path
    return tmp_path


def test_local_backends_write_each_message_to_the_outbox(outbox):
    ref = message_send(channel="sms", to="0912345678", body="Mã xác thực: 123456")
    message_send(channel="email", to="an@example.vn", subject="Chào", body="Xin chào")
    [sms] = outbox_read("sms")
    assert sms["ref"] == ref and sms["to"] == "0912345678" and "123456" in sms["body"]
    assert outbox_read("email", to="an@example.vn")[0]["subject"] == "Chào"
    assert not list(outbox.rglob("*.tmp"))


def test_unknown_channel_is_refused():
    with pytest.raises(ValueError):
        message_send(channel="fax", to="x", body="y")
