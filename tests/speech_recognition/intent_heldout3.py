"""Third held-out table for speech.intents: written after the fixes that the first two held-out
tables prompted, measured once, not tuned on. It is the independent figure of the final parser
(benchmarks/README.md). Same format as ``intent_corpus.py``.
"""
from __future__ import annotations

HELDOUT3 = """
# -- yes/no ------------------------------------------------------------------------------------
N yn | vâng, chính nó | yes
N yn | đúng, số đó đấy | yes
N yn | dạ vâng, được ạ | yes
N yn | ừ, có chứ | yes
N yn | có ạ, tôi muốn nghe | yes
N yn | không ạ, không phải số này | no
N yn | không, tôi chưa chuyển | no
N yn | chưa ạ, chưa chuyển đồng nào | no
N yn | làm gì có ai gọi | no
N yn | chẳng ai gọi cả | no
N yn | đâu có, tôi có biết gì đâu | no
N yn | không muốn đâu | no
N yn | có… à mà thôi, không cần | no
N yn | không, ý tôi là đúng rồi | yes
N yn | có lẽ là đúng | ?
N yn | hình như không | ?
N yn | tôi chịu, không biết | ?
N yn | nói to lên, tôi không nghe rõ | repeat
N yn | quay về mục chính | main_menu
C yn | dạ đúng rồi o | yes
C yn | phải rồi, số đó đó | yes
C yn | có chớ | yes
C yn | nỏ phải số ni | no
C yn | mô phải số đó | no
C yn | có mô o | no
C yn | nỏ có ai gọi | no
C yn | răng rứa, nói lại coi | repeat
C yn | chắc có | ?
C yn | nỏ muốn nghe nữa | no
S yn | dạ phải | yes
S yn | ờ, phải á | yes
S yn | được luôn | yes
S yn | hổng phải số đó | no
S yn | hông có ai gọi hết | no
S yn | đâu có đâu | no
S yn | hông cần đâu | no
S yn | hông, hông phải | no
S yn | có, à lộn, hông có | no
S yn | chắc hổng phải | ?
S yn | để tui coi lại đã | ?
S yn | hổng nhớ nữa | ?
S yn | hả | repeat
S yn | khong dung | no | slip
S yn | dạ [unk] | ? | slip
# -- digits -----------------------------------------------------------------------------------
N dg | không chín chín, tám tám tám, bảy bảy bảy | dg:099888777
N dg | không ba năm, sáu bảy tám, chín không một | dg:035678901
N dg | không chín một tám, hai ba tư, năm sáu bảy | dg:0918234567
N dg | không chín một hai, à nhầm rồi, không chín một năm | dg:0915
N dg | tôi chịu, không nhớ nổi | ?
N dg | không biết số nó | ?
C dg | không chín hai, ba bốn năm, sáu bảy tám | dg:092345678
C dg | nỏ nhớ mô | ?
S dg | không chín bảy, lộn rồi, không chín tám | dg:098
S dg | hổng có số | ?
S dg | không tám một, hai hai hai, ba ba ba | dg:081222333
S dg | 0987 654 321 | dg:0987654321 | slip
# -- menus -------------------------------------------------------------------------------------
N main | hướng dẫn dùng dịch vụ công | opt:1
N main | tôi muốn biết cách phòng tránh | opt:2
N main | tôi bị lừa, muốn báo cáo | opt:3
N main | kiểm tra giúp tôi một số | opt:4
N main | tôi cần người giúp | opt:5
N main | không phải hướng dẫn, tôi muốn báo cáo | opt:3
C main | nghe hướng dẫn tiền điện | opt:1
S main | kiểm tra số lạ giùm tui | opt:4
S main | cho tui nghe phòng tránh lừa đảo | opt:2
N tut | hướng dẫn cài ứng dụng | opt:1
N tut | xem sổ sức khoẻ | opt:3
S tut | trả tiền nước | opt:4
C tut | mất điện thoại | opt:6
N scam | giữ kín mật khẩu | opt:3
S scam | quét mã | opt:4
C scam | người thân cấp cứu | opt:6
N rkind | tôi muốn trình báo | opt:1
N who | người xưng viện kiểm sát | opt:1
S who | tụi nó giả bên ngân hàng | opt:2
N money | mất tiền rồi | opt:1
N money | chưa mất tiền | opt:2
# -- step --------------------------------------------------------------------------------------
N step | tôi xong rồi | opt:1
N step | tiếp theo | opt:1
N step | chưa xong, đợi chút | notyet:1
N step | khó quá, không hiểu | opt:3
N step | nói chậm lại giùm | opt:2
C step | chưa xong mô | notyet:1
C step | nỏ hiểu | opt:3
S step | chờ chút xíu | notyet
S step | hông hiểu | opt:3
# -- review ------------------------------------------------------------------------------------
N review | giữ lại đi | opt:1
N review | không, đừng gửi | neg:1
N review | không muốn giữ | neg:1
N review | nghe thử trước đã | opt:2
N review | ghi lại từ đầu | opt:3
S review | hông giữ đâu | neg:1
C review | nỏ muốn gửi | neg:1
S review | gửi luôn | opt:1
"""
