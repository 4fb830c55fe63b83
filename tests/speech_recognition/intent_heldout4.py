"""Fourth held-out table for speech.intents: written independently of the parser (its source and
the development table's rows were not read), from how callers of the North, Centre (Huế,
Quảng, Nghệ Tĩnh) and South answer a hotline, from the public sources listed in
``intent_corpus.py``. Measured once, not tuned on. Same format as ``intent_corpus.py``.
"""
from __future__ import annotations

HELDOUT4 = """
# -- yes/no: North -----------------------------------------------------------------------------
N yn | vâng ạ, đúng số ấy đấy | yes
N yn | ừ, phải đấy | yes
N yn | có chứ sao không | yes
N yn | sao lại không, có chứ | yes
N yn | được, bác đồng ý | yes
N yn | đúng thế | yes
N yn | ô kê | yes
N yn | không ạ, à nhầm, có ạ | yes
N yn | không phải… à mà phải, đúng rồi | yes
N yn | không, không phải | no
N yn | sai rồi, không phải số ấy | no
N yn | chả có ai gọi cả | no
N yn | tôi có đưa mã cho ai đâu | no
N yn | thôi, không cần đâu | no
N yn | chưa, chưa bao giờ | no
N yn | có… nhầm, không | no
N yn | ờ… để tôi xem đã | ?
N yn | chắc là thế | ?
N yn | cũng không chắc lắm | ?
N yn | gì cơ? | repeat
N yn | nhắc lại giúp tôi với | repeat
N yn | quay lại | back
N yn | cho tôi nói chuyện với tình nguyện viên | volunteer
N yn | vâng [unk] | ? | slip
N yn | vang a | yes | slip
N yn | đúngrồi | yes | slip
N yn | khô ng phải | no | slip
# -- yes/no: Centre ----------------------------------------------------------------------------
C yn | dạ phải | yes
C yn | ừ, rứa đó | yes
C yn | có chơ | yes
C yn | ừa, đúng rồi | yes
C yn | ờ, đúng rồi nờ | yes
C yn | dạ, rứa là đúng rồi đó | yes
C yn | không… ý tui là có | yes
C yn | nỏ | no
C yn | nỏ phải | no
C yn | không mô | no
C yn | mô có | no
C yn | tui có đưa chi mô | no
C yn | dạ không phải | no
C yn | có… à không, nỏ có | no
C yn | nỏ có nờ | no
C yn | nỏ biết | ?
C yn | chắc rứa | ?
C yn | có lẽ rứa hỉ | ?
C yn | răng? nói chi rứa? | repeat
C yn | nói lại coi, tui nghe không rõ | repeat
C yn | về mục chính | main_menu
C yn | mo co | no | slip
C yn | nỏ [unk] | ? | slip
C yn | dung roi | yes | slip
# -- yes/no: South -----------------------------------------------------------------------------
S yn | dạ, phải | yes
S yn | dạ đúng rồi đó con | yes
S yn | ừ nghen | yes
S yn | ờ há | yes
S yn | dạ có | yes
S yn | có chớ sao hông | yes
S yn | rồi, rồi | yes
S yn | hông… à lộn, có | yes
S yn | hông | no
S yn | hổng có | no
S yn | hổng phải đâu | no
S yn | đâu có đâu | no
S yn | tui đâu có đưa | no
S yn | chưa nha | no
S yn | thôi khỏi | no
S yn | có, à lộn, hông có | no
S yn | hổng biết nữa | ?
S yn | chắc vậy á | ?
S yn | để tui coi lại cái đã | ?
S yn | hả? nói gì vậy? | repeat
S yn | nói lại nghe coi | repeat
S yn | trở lại | back
S yn | cho tui nói chuyện với người thiệt nghen | volunteer
S yn | hong co | no | slip
S yn | hổngcó | no | slip
S yn | [unk] hông | ? | slip
# -- digits -----------------------------------------------------------------------------------
N dg | không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | không chín một hai, ba mươi tư, năm mươi sáu, bảy mươi tám | dg:0912345678
N dg | không chín ba một, hai nhăm, sáu bảy, tám chín | dg:0931256789
N dg | không hai bốn, ba tám, hai trăm linh một, bốn năm sáu | dg:02438201456
N dg | không một sáu tám, ba bốn năm, sáu bảy tám chín | dg:01683456789
N dg | không chín tám, hai tư, năm sáu, bảy tám, chín | dg:0982456789
N dg | không chín bảy, nhầm, không chín tám, bảy sáu năm, bốn ba hai một | dg:0987654321
N dg | không nhớ số ấy | ?
N dg | khong chin mot hai ba bon nam sau bay tam | dg:0912345678 | slip
N dg | nhắc lại đi | repeat
C dg | không chín không năm, mười hai, ba tư, năm sáu | dg:0905123456
C dg | không chín mười, hai ba, bốn lăm, sáu bảy | dg:0910234567
C dg | không hai ba bốn, ba tám hai, năm sáu bảy tám | dg:02343825678
C dg | không hai ba sáu, ba tám, hai trăm lẻ chín, ba tư | dg:02363820934
C dg | không ba tám, à nhầm, không chín tám, một hai ba, bốn năm sáu, bảy | dg:0981234567
C dg | một một ba | dg:113
C dg | nỏ nhớ số | ?
C dg | không chín [unk] hai ba | ? | slip
C dg | khôngchín tám, một hai ba, bốn năm sáu, bảy | dg:0981234567 | slip
C dg | răng? nói lại đi | repeat
S dg | không chín không, bảy mốt, ba tư, năm sáu, bảy | dg:0907134567
S dg | không hai tám, ba tám, một trăm lẻ năm, sáu trăm bảy mươi tám | dg:02838105678
S dg | giê rô chín không, một hai ba, bốn năm sáu, bảy | dg:0901234567
S dg | không chín ba, hai hai hai, à lộn, không chín ba, ba ba ba, bốn bốn bốn, năm | dg:0933334445
S dg | một tám không không, một hai ba tư | dg:18001234
S dg | hổng nhớ số nữa | ?
S dg | để tui hỏi thằng con cái đã | ?
S dg | không tám chín, sáu năm bốn, ba hai một, không | dg:0896543210
S dg | khong chin bay, mot hai ba, bon nam sau, bay | dg:0971234567 | slip
S dg | nói lại dùm đi | repeat
# -- main menu ----------------------------------------------------------------------------------
N main | hướng dẫn làm định danh | opt:1
N main | tôi muốn biết cách trả tiền điện | opt:1
N main | phòng tránh lừa đảo | opt:2
N main | báo cáo cuộc gọi lừa đảo | opt:3
N main | kiểm tra số, à nhầm, báo lừa đảo | opt:3
N main | báo cáo, ý tôi là kiểm tra số lạ | opt:4
N main | không phải báo, tôi muốn kiểm tra số | opt:4
N main | cần người giúp | opt:5
C main | tui bị lừa rồi o ơi | opt:3
C main | tra cái số ni coi | opt:4
C main | làm răng để khỏi bị lừa | opt:2
C main | dạ, cần người giúp | opt:5
C main | hướng dẫn cấy dịch vụ công | opt:1
C main | rút lại báo cáo hôm qua | opt:3
S main | coi dùm cái số lạ | opt:4
S main | báo lừa đảo nghen | opt:3
S main | hướng dẫn xài dịch vụ công | opt:1
S main | nghe mấy cái cảnh báo | opt:2 | flow
S main | kiểm tra coi số này phải lừa đảo hông | opt:4
S main | tui cần người giúp | opt:5
# -- tutorial topics ----------------------------------------------------------------------------
N tut | cài ứng dụng | opt:1
N tut | tạo tài khoản định danh | opt:2
N tut | lịch tiêm cho cháu | opt:3
N tut | trả tiền nước | opt:4
N tut | đổi điện thoại mới | opt:6
C tut | cấy sổ sức khỏe | opt:3
C tut | tiền điện tiền nước | opt:4
C tut | mần thủ tục | opt:5
C tut | kích hoạt cấy VNeID | opt:2
S tut | tải ứng dụng về máy | opt:1
S tut | hóa đơn tiền điện | opt:4
S tut | mất điện thoại rồi | opt:6
S tut | cổng dịch vụ công á | opt:5
# -- scam topics --------------------------------------------------------------------------------
N scam | giả danh công an | opt:1
N scam | mã otp | opt:3 | flow
N scam | con cháu cấp cứu | opt:6
C scam | cắt điện | opt:2
C scam | đường link lạ | opt:4
C scam | mấy đứa giả công an | opt:1
S scam | giao hàng | opt:7
S scam | lỡ chuyển tiền rồi | opt:5
S scam | tin mới nhứt | opt:8
S scam | quét mã QR | opt:4
S scam | cái link lạ hoắc | opt:4 | flow
# -- who called ---------------------------------------------------------------------------------
N who | công an phường gọi | opt:1
N who | bảo là bên ngân hàng | opt:2
N who | không rõ là ai | ?
N who | người quen của con tôi | opt:6
C who | mấy ông cán bộ | opt:1
C who | bên điện | opt:3 | flow
C who | người lạ hoắc | opt:8
C who | nỏ phải công an, hắn nói bên nhà mạng | opt:4
C who | nỏ biết ai | ?
S who | bên ngân hàng gọi nè | opt:2
S who | thằng cháu tui | opt:6 | flow
S who | hổng biết ai nữa | ?
S who | người giao hàng | opt:5
S who | rủ đi làm việc nhẹ lương cao | opt:7
S who | hổng phải công an, là ngân hàng | opt:2
# -- money: "Bác đã chuyển tiền chưa?" ----------------------------------------------------------
N money | rồi, chuyển rồi | opt:1
N money | chưa chuyển, may quá | opt:2
N money | đã báo ngân hàng rồi | opt:3
N money | chả chuyển đồng nào | opt:2
C money | có, có chuyển | opt:1 | flow
C money | nỏ có | opt:2 | flow
C money | mô có chuyển | opt:2
C money | có chuyển mô | opt:2
C money | chuyển rồi à nhầm, chưa chuyển | opt:2
S money | hổng có | opt:2 | flow
S money | chuyển rồi, mười triệu lận | opt:1
S money | chưa đâu | opt:2
S money | để tui nhớ coi… hình như chuyển rồi | ?
S money | dạ rồi | opt:1
# -- tutorial step: "Bác làm xong chưa?" --------------------------------------------------------
N step | xong rồi ạ | opt:1
N step | tiếp đi | opt:1
N step | chưa xong, chờ tí | notyet:1
N step | khó quá, không làm được | opt:3
N step | nói chậm thôi | opt:2
N step | đợi tôi tí | notyet
C step | xong rồi o | opt:1
C step | chưa xong mô | notyet:1
C step | nỏ làm được | opt:3 | flow
C step | nói chầm chậm thôi | opt:2
C step | tiếp đi, à mà khoan, chưa xong | notyet:1
S step | xong rồi nghen | opt:1
S step | hông làm được | opt:3 | flow
S step | hổng hiểu gì hết trơn | opt:3
S step | từ từ đã, chưa xong | notyet:1
S step | rồi, làm rồi | opt:1 | flow
# -- report kind, restart -----------------------------------------------------------------------
N rkind | tôi muốn báo lừa đảo | opt:1
C rkind | rút lại cấy báo cáo | opt:2
C rkind | nỏ rút | neg:2
S rkind | tố cáo | opt:1
S rkind | rút lại, báo lộn rồi | opt:2
S rkind | hông muốn rút lại | neg:2
N restart | học lại từ đầu | opt:1
C restart | nghe lại từ đầu hỉ | opt:1
S restart | hổng cần nghe lại từ đầu | neg:1
# -- review of a recorded report ----------------------------------------------------------------
N review | gửi đi | opt:1
N review | giữ lại | opt:1
N review | đừng gửi vội | neg:1
N review | nghe thử | opt:2
N review | kể lại từ đầu | opt:3
C review | ừ, được rồi, gửi đi | opt:1
C review | cho nghe lại bản ghi | opt:2
C review | đừng gửi mô | neg:1
C review | gửi… à thôi, đừng gửi | neg:1
S review | gửi đi nghen | opt:1
S review | đừng có gửi nghen | neg:1
S review | cho nghe thử coi | opt:2
S review | ghi lại cái khác | opt:3
"""
