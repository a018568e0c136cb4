"""tinhso.documents: the one-stop forms as PDF, photos and PDFs from a phone, safe file names.

Every image and PDF is built here in memory (Pillow, pypdf); no binary fixture is committed."""

from __future__ import annotations

import datetime as dt
import functools
import re
import struct
import zlib
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from tinhso.documents import (
    ComponentLine,
    DocumentError,
    FontsMissingError,
    Header,
    Party,
    ReceiptData,
    RefusalData,
    SupplementItem,
    SupplementRequestData,
    check_pdf,
    images_to_pdf,
    layout,
    normalise_image,
    render_receipt,
    render_refusal,
    render_supplement_request,
    safe_filename,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.19.H55-261122-0001"
URL = f"https://dichvucong.thainguyen.gov.vn/tra-cuu/{CODE}"
HEADER = Header(
    issuer_parent="UBND tỉnh Thái Nguyên",
    issuer="Trung tâm Phục vụ hành chính công",
    number="125/GTN-TTPVHCC",
    place="Thái Nguyên",
    date=dt.date(2026, 11, 22),
)
APPLICANT = Party(
    name="Nguyễn Văn An",
    citizen_id="019090001234",
    address="Số 12, tổ 5, phường Phan Đình Phùng, tỉnh Thái Nguyên",
    phone="0912 345 678",
)
PROCEDURE = "Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"


def receipt(components: int = 3) -> ReceiptData:
    return ReceiptData(
        header=HEADER,
        dossier_code=CODE,
        procedure=PROCEDURE,
        applicant=APPLICANT,
        components=[ComponentLine(f"Giấy tờ số {n}", 1, 0) for n in range(1, components + 1)],
        received_at=dt.datetime(2026, 11, 22, 9, 15, tzinfo=HCM),
        appointment_at=dt.datetime(2026, 11, 25, 7, 0, tzinfo=dt.UTC),  # 14:00 in Thái Nguyên
        delivery="Nhận trực tiếp tại Bộ phận Một cửa",
        officer="Trần Thị Bình",
        lookup_url=URL,
        statutory_time="03 ngày làm việc",
    )


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(pdf))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- forms ---


def test_a_receipt_is_an_a4_pdf_with_the_official_wording():
    # given a dossier of three papers, when its receipt is rendered
    reader, text = pdf_text(render_receipt(receipt()))
    # then it is one A4 page with the title, header, code, procedure, times and signature block
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "UBND TỈNH THÁI NGUYÊN",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/GTN-TTPVHCC",
        "Thái Nguyên, ngày 22 tháng 11 năm 2026",
        CODE,
        PROCEDURE,
        "Nguyễn Văn An",
        "Giấy tờ số 3",
        "09 giờ 15 phút, ngày 22 tháng 11 năm 2026",
        "14 giờ 00 phút, ngày 25 tháng 11 năm 2026",
        "NGƯỜI TIẾP NHẬN",
        "Trần Thị Bình",
    ):
        assert expected in text, expected
    # and its metadata names it, its issuer and the platform
    assert reader.metadata is not None
    assert reader.metadata.title == f"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ {CODE}"
    assert reader.metadata.author == "Trung tâm Phục vụ hành chính công"
    assert reader.metadata.creator == "Tỉnh số"


def test_a_receipt_carries_a_qr_code_to_the_lookup_page():
    pdf = render_receipt(receipt())
    reader, text = pdf_text(pdf)
    assert "Quét mã để tra cứu hồ sơ" in text
    assert URL in text
    # the QR code is drawn as vector modules: hundreds of filled rectangles in the page content
    assert reader.pages[0].get_contents() is not None
    content = reader.pages[0].get_contents().get_data()  # type: ignore[union-attr]
    assert len(re.findall(rb"\bre\b", content)) > 200


def test_a_long_list_of_papers_flows_onto_a_second_page():
    reader, text = pdf_text(render_receipt(receipt(components=40)))
    assert len(reader.pages) == 2
    assert "Giấy tờ số 40" in text and "gồm 40 thành phần" in text
    # the table header is repeated on the second page
    assert "Bản chính" in reader.pages[1].extract_text()


def test_a_supplement_request_lists_what_to_add_and_why():
    data = SupplementRequestData(
        header=HEADER,
        dossier_code=CODE,
        procedure=PROCEDURE,
        applicant=APPLICANT,
        items=[
            SupplementItem("Bản sao Giấy chứng nhận kết hôn của cha, mẹ", "Chưa có giấy tờ chứng minh."),
            SupplementItem("Ảnh chụp rõ nét trang 2 của Giấy chứng sinh"),
        ],
        officer="Trần Thị Bình",
        lookup_url=URL,
        deadline=dt.date(2026, 2, 5),
        contact="Bộ phận Một cửa, số điện thoại 0208 3855 123",
    )
    reader, text = pdf_text(render_supplement_request(data))
    for expected in (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        CODE,
        PROCEDURE,
        "1. Bản sao Giấy chứng nhận kết hôn",
        "Lý do: Chưa có giấy tờ chứng minh.",
        "2. Ảnh chụp rõ nét",
        "trước ngày 05 tháng 02 năm 2026",  # days below 10 and months 1, 2 take a leading 0
        "NGƯỜI HƯỚNG DẪN",
        URL,
    ):
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.title.startswith("PHIẾU YÊU CẦU BỔ SUNG")


def test_a_refusal_gives_the_reason():
    reason = "Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân phường Phan Đình Phùng. " * 3
    data = RefusalData(
        header=HEADER,
        dossier_code=CODE,
        procedure="Đăng ký khai sinh",
        applicant=Party("Lê Thị Hoa <&>"),  # markup characters are text, not markup
        reason=reason,
        officer="Trần Thị Bình",
        lookup_url=URL,
    )
    reader, text = pdf_text(render_refusal(data))
    for expected in (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        CODE,
        "Đăng ký khai sinh",
        "Lê Thị Hoa <&>",
        reason.strip(),
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        URL,
    ):
        assert expected in text, expected
    assert len(reader.pages) == 1


def test_decomposed_vietnamese_is_printed_composed():
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"  # as some keyboards and phones type it
    _, text = pdf_text(render_receipt(ReceiptData(**{**receipt().__dict__, "applicant": Party(decomposed)})))
    assert "Nguyễn Văn An" in text


def test_inconsistent_input_is_refused():
    with pytest.raises(ValueError, match="appointment"):
        render_receipt(
            ReceiptData(**{**receipt().__dict__, "appointment_at": dt.datetime(2026, 1, 1, tzinfo=HCM)})
        )
    with pytest.raises(ValueError, match="dossier_code"):
        render_receipt(ReceiptData(**{**receipt().__dict__, "dossier_code": " "}))


def test_missing_fonts_are_reported_clearly(tmp_path, settings, monkeypatch):
    settings.DOCUMENT_FONTS_DIR = tmp_path
    monkeypatch.setattr(layout, "_fonts_ready", False)
    with pytest.raises(FontsMissingError, match=r"DejaVuSans\.ttf"):
        render_receipt(receipt())


# --- images ---


def image_bytes(size: tuple[int, int], fmt: str = "PNG", **save: object) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(out, fmt, **save)
    return out.getvalue()


def test_a_large_photo_becomes_a_smaller_jpeg():
    # given a 4000 × 3000 PNG, when it is normalised
    result = normalise_image(image_bytes((4000, 3000), compress_level=1))
    # then it is a JPEG whose long side is 2000 px, proportions kept
    with Image.open(BytesIO(result)) as image:
        assert image.format == "JPEG"
        assert image.size == (2000, 1500)


def test_the_phone_orientation_is_applied_and_metadata_dropped():
    # given a landscape JPEG, left half red and right half blue, that the phone marks "rotate 90° clockwise"
    image = Image.new("RGB", (300, 200), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 150, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x0110] = "Phone model"
    out = BytesIO()
    image.save(out, "JPEG", exif=exif)
    # when it is normalised
    with Image.open(BytesIO(normalise_image(out.getvalue()))) as result:
        # then it stands upright (the left half is now on top) and carries no EXIF at all
        assert result.size == (200, 300)
        top, bottom = result.getpixel((100, 40)), result.getpixel((100, 260))
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[0] > 200 and top[2] < 60
        assert bottom[2] > 200 and bottom[0] < 60
        assert not result.getexif()
        assert "exif" not in result.info


def test_transparent_images_get_a_white_background():
    out = BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, "PNG")
    with Image.open(BytesIO(normalise_image(out.getvalue()))) as result:
        assert result.mode == "RGB"
        pixel = result.getpixel((5, 5))
        assert isinstance(pixel, tuple) and min(pixel) > 240


def test_three_photos_make_a_three_page_a4_pdf():
    photos = [image_bytes((1200, 1600), "JPEG"), image_bytes((1600, 1200)), image_bytes((800, 800), "JPEG")]
    pdf = images_to_pdf(photos)
    assert check_pdf(pdf) == 3
    reader = PdfReader(BytesIO(pdf))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)
    assert all(len(page.images) == 1 for page in reader.pages)


@functools.cache
def _texture() -> Image.Image:
    return Image.effect_noise((600, 800), 8).convert("RGB")  # random: made once, so photos can be compared


def phone_photo(**save: object) -> bytes:
    """A photo as the portal's script sends it (long side 1600 px, quality 75), with some texture."""
    out = BytesIO()
    _texture().save(out, "JPEG", quality=75, **save)
    return out.getvalue()


def metadata_markers(jpeg: bytes) -> set[int]:
    """The APPn (other than JFIF/Adobe) and comment markers before the first scan."""
    found, at = set(), 2
    while jpeg[at + 1] != 0xDA:
        marker = jpeg[at + 1]
        if (0xE1 <= marker <= 0xEF and marker != 0xEE) or marker == 0xFE:
            found.add(marker)
        at += 2 + int.from_bytes(jpeg[at + 2 : at + 4], "big")
    return found


def test_a_small_upright_jpeg_is_kept_as_sent_without_its_metadata():
    # given a phone photo with EXIF (camera, GPS-like text), an ICC profile and a comment, but no turn
    exif = Image.Exif()
    exif[0x0110] = "Phone model"
    exif[0x010E] = "21.59 N 105.84 E"
    plain = phone_photo()
    tagged = phone_photo(exif=exif, comment=b"taken at home", icc_profile=b"\0" * 128)
    assert metadata_markers(tagged) == {0xE1, 0xE2, 0xFE}
    # when it is normalised
    result = normalise_image(tagged + b"trailing bytes after the image")
    # then the compressed picture is the one sent, byte for byte, and every metadata segment is gone
    assert metadata_markers(result) == set()
    assert result[result.index(b"\xff\xda") :] == plain[plain.index(b"\xff\xda") :]
    with Image.open(BytesIO(result)) as image:
        assert image.size == (600, 800) and not image.getexif() and "icc_profile" not in image.info
    # and the PDF carries that JPEG as it is
    reader = PdfReader(BytesIO(images_to_pdf([tagged])))
    xobject = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert xobject["/Filter"] in ("/DCTDecode", ["/DCTDecode"])
    assert xobject.get_data() == result


def test_a_progressive_jpeg_is_kept_and_a_heavy_one_is_re_encoded():
    progressive = phone_photo(progressive=True)
    assert normalise_image(progressive)[-2:] == b"\xff\xd9"
    assert normalise_image(progressive).endswith(progressive[progressive.index(b"\xff\xda") :])
    # a JPEG at quality 100 weighs more than 0.25 byte per pixel: it is re-encoded, smaller
    out = BytesIO()
    Image.effect_noise((600, 800), 60).convert("RGB").save(out, "JPEG", quality=100)
    heavy = out.getvalue()
    assert len(normalise_image(heavy)) < len(heavy) / 2


def test_a_re_encoded_photo_keeps_no_comment_either():
    # given a photo too large to keep, with a comment in it
    out = BytesIO()
    Image.new("RGB", (3000, 2000), (200, 180, 160)).save(out, "JPEG", comment=b"Nguyen Thi Hoa, 0912345678")
    # when it is normalised, then the comment is not copied into the new JPEG
    result = normalise_image(out.getvalue())
    assert b"0912345678" not in result and metadata_markers(result) == set()


def test_a_truncated_small_jpeg_is_refused():
    data = phone_photo()
    for cut in (len(data) // 2, len(data) * 9 // 10):
        with pytest.raises(DocumentError):
            normalise_image(data[:cut])


def truncated_jpeg() -> bytes:
    out = BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG")
    data = out.getvalue()
    return data[: len(data) // 2]


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size without the pixels: all that a decompression bomb needs to be caught."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(truncated_jpeg(), id="truncated jpeg"),
        pytest.param(b"This is a letter, not a photo.\n", id="text named .jpg"),
        pytest.param(b"", id="empty"),
        pytest.param(png_header(8000, 8000), id="bomb 64 MP"),
        pytest.param(png_header(30000, 30000), id="bomb 900 MP"),
    ],
)
def test_unusable_images_are_refused(data):
    with pytest.raises(DocumentError):
        normalise_image(data)
    with pytest.raises(DocumentError):
        images_to_pdf([image_bytes((10, 10)), data])


def test_the_refusal_is_told_in_vietnamese():
    with translation.override("vi"), pytest.raises(DocumentError) as caught:
        normalise_image(b"not an image")
    with translation.override("vi"):
        assert str(caught.value) == "Tệp ảnh bị hỏng hoặc không đọc được."
    with translation.override("vi"), pytest.raises(DocumentError, match="megapixel"):
        normalise_image(png_header(8000, 8000))


# --- PDF checks ---


def pdf_with(action: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if action == "encrypt":
        writer.encrypt("mật khẩu")
    elif action == "js":
        writer.add_open_action(JavaScript("app.alert('xin chào');"))  # pypdf 7's add_js
    elif action == "open-js":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
        )
    elif action == "launch":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
    elif action == "empty":
        writer = PdfWriter()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_plain_pdf_is_counted():
    assert check_pdf(pdf_with("nothing")) == 1
    assert check_pdf(render_receipt(receipt(components=40))) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Cat", "damaged", id="corrupt"),
        pytest.param(b"GIF89a....", "damaged", id="not a pdf"),
        pytest.param(pdf_with("empty"), "damaged", id="no pages"),
        pytest.param(pdf_with("encrypt"), "password", id="encrypted"),
        pytest.param(pdf_with("js"), "active content", id="javascript"),
        pytest.param(pdf_with("open-js"), "active content", id="javascript on opening"),
        pytest.param(pdf_with("launch"), "active content", id="launch action"),
    ],
)
def test_unacceptable_pdfs_are_refused(data, message):
    with translation.override("en"), pytest.raises(DocumentError, match=message):
        check_pdf(data)


# --- file names ---


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\An\\Giấy khai sinh.PDF", "Giấy khai sinh.PDF"),
        (".bashrc", "bashrc"),
        ("  Hồ   sơ\t.pdf", "Hồ sơ.pdf"),
        ("Đơn\u202egpj.exe", "Đơngpj.exe"),  # a right-to-left override would show "exe.jpg"
        ("Nguye\u0302\u0303n.jpg", "Nguyễn.jpg"),
        ("", "tep"),
        ("...", "tep"),
        ("/", "tep"),
        ('a<b>:"c"|?*.png', "abc.png"),
    ],
)
def test_file_names_are_made_safe(name, safe):
    assert safe_filename(name) == safe


def test_long_file_names_keep_their_extension():
    result = safe_filename("Bản sao giấy tờ " * 20 + ".pdf")
    assert len(result) <= 120 and result.endswith(".pdf")


@given(st.text(max_size=300) | st.from_regex(r"[ ./\\\tA-Za-zĐđàáảãạăằắẳẵặâ\x00-\x1f]{0,200}\.[a-z]{1,5}"))
def test_safe_file_names_never_escape_or_hide(name):
    result = safe_filename(name)
    assert result and len(result) <= 120
    assert "/" not in result and "\\" not in result
    assert not result.startswith(".")
    assert safe_filename(result) == result
