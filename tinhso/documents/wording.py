"""The fixed Vietnamese wording of the one-stop forms (Circular 01/2018/TT-VPCP, forms 01–03, as kept by
the current set) and of the Decree 30/2020/NĐ-CP header.

These strings are deliberately NOT marked for translation: the forms are legal documents issued by a
Vietnamese state body, and their text is Vietnamese whatever language the person or the officer reads the
interface in. An English PDF would not be the official form. Only messages shown to people (errors about
their uploads, in tinhso.documents.images) go through gettext.
"""

from __future__ import annotations

# --- header (Decree 30/2020, Appendix I) ---
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số: {number}"
PLACE_DATE = "{place}, ngày {day} tháng {month} năm {year}"

# --- shared ---
CREATOR = "Tỉnh số"
DOSSIER_CODE = "Mã hồ sơ:"
PROCEDURE = "Nội dung yêu cầu giải quyết:"
APPLICANT = "Tiếp nhận hồ sơ của:"
DOSSIER_OF = "Hồ sơ của:"
CITIZEN_ID = "Số định danh cá nhân:"
ADDRESS = "Địa chỉ:"
PHONE = "Số điện thoại:"
EMAIL = "Thư điện tử:"
SIGN_HINT = "(Ký và ghi rõ họ tên)"
QR_CAPTION = "Quét mã để tra cứu hồ sơ"
TIME_OF_DAY = "{hour} giờ {minute} phút"
DATE_LONG = "ngày {day} tháng {month} năm {year}"
END = "./."

# --- form 01: receipt and appointment ---
RECEIPT_TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
RECEIPT_DESK = "{desk} tiếp nhận hồ sơ với các thông tin sau:"
RECEIPT_COMPONENTS = "1. Thành phần hồ sơ nộp gồm:"
RECEIPT_COLUMNS = ("STT", "Tên giấy tờ", "Bản chính", "Bản sao", "Ghi chú")
RECEIPT_COUNT = "2. Số lượng hồ sơ: 01 (bộ), gồm {count} thành phần."
RECEIPT_STATUTORY = "3. Thời gian giải quyết hồ sơ theo quy định là: {time}."
RECEIPT_RECEIVED = "4. Thời gian nhận hồ sơ: {when}."
RECEIPT_APPOINTMENT = "5. Thời gian trả kết quả giải quyết hồ sơ: {when}."
RECEIPT_DELIVERY = "6. Hình thức nhận kết quả: {delivery}."
RECEIPT_APPLICANT_SIGN = "NGƯỜI NỘP HỒ SƠ"
RECEIPT_OFFICER_SIGN = "NGƯỜI TIẾP NHẬN HỒ SƠ"
RECEIPT_NOTE = (
    "Khi đến nhận kết quả, Ông/Bà mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả này "
    "hoặc cung cấp mã hồ sơ."
)

# --- form 02: supplement request ---
SUPPLEMENT_TITLE = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
SUPPLEMENT_INTRO = (
    "Sau khi xem xét, kiểm tra thành phần và nội dung hồ sơ, {desk} đề nghị Ông/Bà "
    "bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:"
)
SUPPLEMENT_REASON = "Lý do: {reason}"
SUPPLEMENT_DEADLINE = "Đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ trước ngày {date}."
SUPPLEMENT_CONTACT = (
    "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ {contact} để được hướng dẫn."
)
SUPPLEMENT_SIGN = "NGƯỜI HƯỚNG DẪN"

# --- form 03: refusal ---
REFUSAL_TITLE = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
REFUSAL_INTRO = (
    "Qua xem xét, {desk} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
)
REFUSAL_CLOSING = "Xin thông báo để Ông/Bà được biết và thực hiện"
REFUSAL_SIGN = "NGƯỜI TIẾP NHẬN HỒ SƠ"

# Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả
APOLOGY_TITLE = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
APOLOGY_INTRO = "Ngày {received}, {agency} tiếp nhận giải quyết hồ sơ của Ông/Bà, hẹn trả kết quả vào {due}."
APOLOGY_REASON = "Tuy nhiên đến nay, {agency} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn. Lý do:"
APOLOGY_SORRY = (
    "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, thời gian của Ông/Bà. {agency} xin lỗi Ông/Bà"
    " và xin hẹn trả kết quả vào {new_due}."
)
APOLOGY_CLOSING = "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà"
APOLOGY_SIGN = "THỦ TRƯỞNG CƠ QUAN"

# Form 05 — Thông báo dừng giải quyết hồ sơ (wording of the platform's default; check the province's own)
STOP_TITLE = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
STOP_INTRO = "Ngày {received}, {agency} tiếp nhận giải quyết hồ sơ của Ông/Bà, hẹn trả kết quả vào {due}."
STOP_REASON = "Trong quá trình giải quyết, {agency} thông báo dừng giải quyết hồ sơ của Ông/Bà vì lý do sau:"
STOP_AFTER = (
    "Các giấy tờ Ông/Bà đã nộp được trả lại tại Bộ phận Tiếp nhận và Trả kết quả; nếu có thắc mắc,"
    " Ông/Bà liên hệ {agency} để được hướng dẫn"
)
STOP_SIGN = "THỦ TRƯỞNG CƠ QUAN"

# Form 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ
CONTROL_TITLE = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"
CONTROL_RECEIVED = "Thời gian nhận hồ sơ: {when}."
CONTROL_DUE = "Thời gian hẹn trả kết quả: {when}."
CONTROL_COLUMNS = (
    "STT",
    "Bước xử lý, cơ quan",
    "Người thực hiện",
    "Bắt đầu",
    "Hạn",
    "Hoàn thành",
    "Đánh giá",
)
CONTROL_ON_TIME = "Đúng hạn"
CONTROL_LATE = "Trễ hạn"
CONTROL_OPEN = "Đang xử lý"
CONTROL_SIGN = "NGƯỜI LẬP PHIẾU"

# Results (kết quả giải quyết thủ tục hành chính)
RECIPIENTS = "Nơi nhận:"
ARCHIVE = "- Lưu: VT."
VERIFY_CAPTION = "Quét mã để kiểm tra chữ ký số"
PREVIEW_SIGNATURE = "(Chữ ký số của người có thẩm quyền và dấu của cơ quan)"
# Form 07 — Sổ theo dõi hồ sơ (mẫu số 06 of Circular 01/2018/TT-VPCP)
REGISTER_TITLE = "SỔ THEO DÕI HỒ SƠ"
REGISTER_SCOPE = "Nơi tiếp nhận, cơ quan giải quyết: {scope}"
REGISTER_PERIOD = "Kỳ: {period} (từ ngày {first} đến ngày {last})"
REGISTER_COLUMNS = (
    "TT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
)
REGISTER_DATES = "Ngày, tháng, năm"  # over the five date columns (7–11 of the form)
REGISTER_TRUNCATED = (
    "Bản in gồm {shown} hồ sơ đầu tiên trong tổng số {total} hồ sơ. Đề nghị thu hẹp điều kiện lọc để in đủ."
)
REGISTER_EMPTY = "Không có hồ sơ nào trong kỳ."
REGISTER_SIGN = "NGƯỜI LẬP SỔ"
REGISTER_APOLOGY = "Đã xin lỗi, hẹn lại (hẹn ban đầu {missed})"

# Thống kê tình hình, kết quả giải quyết thủ tục hành chính
STATISTICS_TITLE = "THỐNG KÊ TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
STATISTICS_TOTAL = "Tổng cộng"
STATISTICS_STATUS_TITLE = "Hồ sơ nhận giải quyết theo trạng thái hiện tại"
STATISTICS_STATUS_COLUMNS = ("Trạng thái", "Số hồ sơ")
STATISTICS_NOTES = (
    "Ghi chú: Hạn giải quyết là ngày hẹn trả ghi trên Giấy tiếp nhận (chỉ lùi khi tạm dừng tính thời gian "
    "để bổ sung hồ sơ hoặc thực hiện nghĩa vụ tài chính; ngày hẹn lại sau văn bản xin lỗi không thay thế hạn "
    "giải quyết). Trước hạn: giải quyết xong trước ngày hẹn trả. Đúng hạn: trong ngày hẹn trả, trước giờ hẹn. "
    "Quá hạn: sau thời điểm hẹn trả, hoặc hồ sơ đã từng bị đánh dấu quá hạn. Kỳ trước chuyển sang: hồ sơ tiếp "
    "nhận trước kỳ, chưa giải quyết xong khi bắt đầu kỳ. Đang giải quyết: chưa giải quyết xong khi hết kỳ."
)
STATISTICS_SIGN_LEFT = "NGƯỜI LẬP BIỂU"
STATISTICS_SIGN_RIGHT = "THỦ TRƯỞNG CƠ QUAN"
SHEET_REGISTER = "Sổ theo dõi hồ sơ"
SHEET_STATISTICS = "Thống kê"
SHEET_STATUSES = "Theo trạng thái"
SCOPE_ALL = "Tất cả cơ quan, đơn vị"
SCOPE_BELOW = "{agencies} và các cơ quan, đơn vị trực thuộc"
GROUP_TITLES = {
    "agency": "Cơ quan chủ trì giải quyết",
    "commune": "Xã, phường (nơi có cơ quan giải quyết)",
    "procedure": "Thủ tục hành chính",
}
