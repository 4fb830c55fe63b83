"""Held-out answers for speech.intents: written once, before tuning, and never tuned on.

Same format and sources as ``intent_corpus.py`` (read its docstring). The parser was NOT changed
to fix any row of this table: ``benchmarks/intents.py`` reports its accuracy as the independent
figure (issue 9: ≥ 95 % right, no answer that reverses the caller). A row that fails here is a
finding for the next round, to be moved to the development table with its fix, and replaced here
by new unseen answers.
"""
from __future__ import annotations

HELDOUT = """
# -- yes/no: number read-back "Số bác vừa bấm là … Nếu đúng, bấm phím 1" -------------------------
N yn | vâng đúng rồi ạ | yes
N yn | dạ vâng, đúng số đấy ạ | yes
N yn | đúng số rồi | yes
N yn | ừ đúng rồi | yes
N yn | không, sai số rồi | no
N yn | không đúng đâu | no
N yn | sai mất rồi | no
N yn | đâu, không phải số ấy | no
N yn | chẳng đúng | no
N yn | có phải đâu mà | no
N yn | vâng… à không, sai rồi | no
N yn | không, à đúng rồi | yes
N yn | để tôi xem lại đã | ?
N yn | chắc là đúng | ?
N yn | hình như đúng | ?
N yn | tôi không biết | ?
N yn | gì cơ, đọc lại được không | repeat
N yn | đọc lại cho tôi | repeat
N yn | được rồi được rồi | yes
N yn | chả phải | no
C yn | đúng rồi o | yes
C yn | phải rồi đó | yes
C yn | dạ phải | yes
C yn | khôn phải mô | no | slip
C yn | có mô, sai rồi | no
C yn | mô phải | no
C yn | nỏ đúng | no
C yn | nỏ phải mô | no
C yn | răng rứa, nói lại đi | repeat
C yn | chi rứa | repeat
C yn | ờ | yes
C yn | ừ phải | yes
C yn | có lẽ rứa | ?
C yn | đâu có đúng | no
C yn | dạ không | no
S yn | dạ đúng rồi | yes
S yn | dạ phải rồi | yes
S yn | đúng rồi đó | yes
S yn | ờ đúng á | yes
S yn | hổng phải | no
S yn | hông đúng | no
S yn | hổng có đúng | no
S yn | đâu có phải | no
S yn | có phải đâu nè | no
S yn | dạ hông | no
S yn | để tui coi lại | ?
S yn | chắc vậy á | ?
S yn | hông biết nữa | ?
S yn | hả, nói lại coi | repeat
S yn | dạ | ?
S yn | dung roi | yes | slip
S yn | khong phai | no | slip
S yn | có [unk] | ? | slip
S yn | [unk] | ? | slip
# -- yes/no: resume "Bác muốn nghe tiếp bài lần trước không?" ---------------------------------
N yn | có, nghe tiếp | yes
N yn | vâng, tôi muốn nghe tiếp | yes
N yn | thôi, không cần | no
N yn | không cần đâu | no
N yn | thôi khỏi | no
C yn | có chứ | yes
C yn | khỏi, cảm ơn | no
C yn | nỏ muốn | no
S yn | ừ, nghe tiếp đi | yes
S yn | được á | yes
S yn | hổng cần | no
S yn | thôi, hông nghe nữa | no
S yn | chắc chắn rồi | yes
N yn | đương nhiên là có | yes
N yn | không muốn nghe nữa | no
# -- yes/no: quiz "Công an có gọi điện bảo bác chuyển tiền không?" ---------------------------
N yn | không bao giờ | no
N yn | làm gì có chuyện đó | no
C yn | làm chi có | no
S yn | làm gì có | no
N yn | có chứ, họ hay gọi | yes
C yn | có lẽ có | ?
S yn | có khi có | ?
# -- digits -------------------------------------------------------------------------------------
N dg | không chín tám bảy sáu năm bốn ba hai một | dg:0987654321
N dg | số là không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | không ba hai, mười hai, ba tư năm sáu | dg:032123456
N dg | không chín một, à nhầm, không chín tám một hai ba bốn năm sáu bảy | dg:0981234567
N dg | tôi không nhớ số | ?
N dg | không biết | ?
N dg | không có số, nó gọi số ẩn | ?
N dg | một một ba | dg:113
N dg | một chín không không | dg:1900
C dg | không chín năm, mười một, hai hai, ba ba | dg:095112233
C dg | không tám tám tám, chín chín chín, không không không | dg:0888999000
C dg | nỏ nhớ số | ?
C dg | không chín không, à không, không chín một hai ba bốn năm sáu bảy tám | dg:0912345678
C dg | dạ không chín bảy | dg:097
S dg | không chín ba, bốn lăm, sáu bảy, tám chín | dg:093456789
S dg | hông nhớ | ?
S dg | hổng biết số | ?
S dg | số nó là không tám chín, một hai ba, bốn năm sáu | dg:089123456
S dg | không chín một hai lộn rồi, không chín hai một | dg:0921
S dg | khong chin tam | dg:098 | slip
S dg | không chín [unk] tám | ? | slip
N dg | nhắc lại đi | repeat
N dg | quay lại | back
# -- main menu ------------------------------------------------------------------------------------
N main | tôi muốn nghe hướng dẫn | opt:1
N main | hướng dẫn dùng định danh | opt:1
N main | báo lừa đảo | opt:3
N main | tôi muốn báo một cuộc gọi lừa đảo | opt:3
N main | kiểm tra số điện thoại lạ | opt:4
N main | phím bốn | opt:4
N main | cái thứ hai | opt:2
N main | học cách phòng tránh lừa đảo | opt:2
N main | không phải báo cáo, tôi muốn kiểm tra số | opt:4
N main | về mục chính | main_menu
C main | cho tui nghe hướng dẫn với | opt:1
C main | tui bị lừa rồi | opt:3
C main | số ba | opt:3
C main | kiểm tra cái số lạ ni | opt:4
S main | cho tui hỏi cái số lạ | opt:4
S main | tui cần người giúp | opt:5
S main | bấm phím năm | opt:5
S main | huong dan | opt:1 | slip
S main | báo [unk] | ? | slip
S main | nghe cảnh báo lừa đảo | opt:2 | flow
# -- tutorials and scam menus ---------------------------------------------------------------------
N tut | cách trả tiền điện | opt:4
N tut | hoá đơn tiền nước | opt:4
N tut | sổ sức khoẻ | opt:3
N tut | tiêm phòng cho cháu | opt:3
N tut | cài ứng dụng | opt:1
C tut | đổi điện thoại mới | opt:6
S tut | làm thủ tục | opt:5
S tut | tạo tài khoản định danh | opt:2
N scam | giả công an | opt:1
N scam | mật khẩu | opt:3
C scam | đường link lạ | opt:4
S scam | tui lỡ chuyển tiền rồi | opt:5
S scam | người giao hàng | opt:7
N scam | nghe cảnh báo mới | opt:8
N scam | mã otp | opt:3 | flow
# -- report: who called, money -------------------------------------------------------------------
N who | người xưng là công an | opt:1
N who | nhân viên ngân hàng | opt:2
C who | bên điện lực | opt:3
S who | nhà mạng | opt:4
S who | mấy người giao hàng | opt:5
N who | người lạ | opt:8
C who | cháu tôi | opt:6 | flow
N money | rồi, tôi chuyển rồi | opt:1
N money | chưa chuyển | opt:2
N money | chưa, may quá | opt:2
S money | chuyển rồi | opt:1
S money | hổng có | opt:2 | flow
C money | nỏ | opt:2 | flow
N money | có | opt:1 | flow
# -- tutorial step --------------------------------------------------------------------------------
N step | xong rồi | opt:1
N step | tôi làm xong rồi | opt:1
N step | tiếp theo đi | opt:1
N step | chưa xong | notyet:1
N step | chưa làm xong | notyet:1
N step | khoan, đợi tôi chút | notyet
N step | nói chậm lại | opt:2
N step | tôi không hiểu | opt:3
N step | khó quá | opt:3
C step | chưa | notyet
C step | răng, nói lại | repeat
C step | tiếp | opt:1
S step | từ từ | notyet
S step | nói chậm thôi | opt:2
S step | hông có làm được | opt:3 | flow
S step | được rồi | opt:1 | flow
S step | rồi | opt:1 | flow
# -- recording review ------------------------------------------------------------------------------
N review | giữ lại | opt:1
N review | gửi đi | opt:1
N review | đừng gửi | neg:1
N review | không gửi | neg:1
N review | không giữ đâu | neg:1
N review | nghe thử | opt:2
N review | tôi muốn kể lại | opt:3
C review | đừng gửi, để ghi lại | opt:3
S review | hổng gửi đâu | neg:1
S review | thôi đừng có gửi | neg:1
S review | cho tui nghe thử cái | opt:2
S review | gửi dùm | opt:1
"""
