"""Second held-out table for speech.intents, written after the first one was measured (and before
the parser was changed for anything the first one showed). Same format as ``intent_corpus.py``;
not tuned on. ``benchmarks/intents.py`` reports it next to the first.
"""
from __future__ import annotations

HELDOUT2 = """
# -- yes/no ------------------------------------------------------------------------------------
N yn | vâng, đúng là số đó | yes
N yn | đúng rồi, số của nó đấy | yes
N yn | ừ, phải rồi | yes
N yn | vâng ạ, bác đồng ý | yes
N yn | được, nghe tiếp đi | yes
N yn | có, có ạ | yes
N yn | không phải số đó | no
N yn | không, không phải | no
N yn | sai rồi, không đúng | no
N yn | không đâu ạ | no
N yn | chưa, chưa bao giờ | no
N yn | chẳng có ai gọi cả | no
N yn | đâu có ai | no
N yn | tôi có chuyển đâu | no
N yn | thôi, không cần nghe nữa | no
N yn | không, à mà có | yes
N yn | có, à quên, không | no
N yn | chắc là không | ?
N yn | để tôi nghĩ đã | ?
N yn | tôi cũng không rõ | ?
N yn | cái gì cơ | repeat
N yn | nói lại đi, tôi chưa nghe rõ | repeat
N yn | về menu chính | main_menu
C yn | dạ phải rồi o | yes
C yn | có chớ răng không | yes
C yn | ờ, đúng rồi | yes
C yn | có mô nờ | no
C yn | nỏ có mô | no
C yn | không có mô | no
C yn | mô có chuyện đó | no
C yn | chắc rứa | ?
C yn | nỏ biết nữa | ?
C yn | răng o | repeat
C yn | chi rứa o | repeat
C yn | dạ nỏ | no
S yn | dạ, đúng rồi đó | yes
S yn | ừ, được đó | yes
S yn | có chớ | yes
S yn | hông có đâu | no
S yn | hổng phải đâu | no
S yn | làm gì có vụ đó | no
S yn | dạ hông cần | no
S yn | hông, à lộn, có | yes
S yn | chắc hông | ?
S yn | để tui nghĩ coi | ?
S yn | hả, gì vậy | repeat
S yn | khỏi đi nghen | no
S yn | dung | yes | slip
S yn | vang | yes | slip
S yn | hong | no | slip
S yn | [unk] không | ? | slip
# -- digits -----------------------------------------------------------------------------------
N dg | không chín sáu, năm năm năm, một hai ba | dg:096555123
N dg | không ba tám, bảy bảy bảy, sáu sáu sáu sáu | dg:0387776666
N dg | không chín, tám tám, bảy bảy, sáu sáu, năm năm | dg:0988776655
N dg | không chín một hai, à xin lỗi, không chín một ba | dg:0913
N dg | số lạ lắm, tôi không nhớ | ?
N dg | quên mất rồi | ?
N dg | không thấy số | ?
N dg | một tám không không, sáu tám sáu tám | dg:18006868
C dg | không chín bốn, mười một, hai hai, ba ba | dg:094112233
C dg | nỏ có số | ?
C dg | không chín tám, à nhầm, không chín bảy | dg:097
S dg | không chín ba, lộn, không chín tám | dg:098
S dg | hông có số | ?
S dg | không bảy không, một hai ba, bốn năm sáu | dg:070123456
S dg | 0903 123 456 | dg:0903123456 | slip
S dg | khong chin khong | dg:090 | slip
# -- main menu ----------------------------------------------------------------------------------
N main | nghe hướng dẫn | opt:1
N main | hướng dẫn tiêm chủng | opt:1
N main | tôi muốn học cách phòng tránh lừa đảo | opt:2
N main | báo cáo cuộc gọi lừa đảo | opt:3
N main | tôi muốn kiểm tra một số lạ | opt:4
N main | không phải, tôi muốn kiểm tra số | opt:4
N main | không muốn kiểm tra | neg:4
N main | cái thứ ba | opt:3
C main | nghe hướng dẫn o | opt:1
C main | tra số lạ ni | opt:4
S main | tui cần người giúp nè | opt:5
S main | dạ, cho tui kiểm tra số | opt:4
S main | phím một | opt:1
# -- tutorials, scam -----------------------------------------------------------------------------
N tut | định danh điện tử | opt:2
N tut | kích hoạt tài khoản | opt:2
N tut | trả hoá đơn điện nước | opt:4
C tut | đổi máy mới | opt:6
S tut | lịch tiêm phòng | opt:3
N scam | viện kiểm sát | opt:1
C scam | nhà mạng | opt:2
S scam | đơn hàng giả | opt:7
N scam | mượn tiền người thân | opt:6
# -- report ----------------------------------------------------------------------------------------
N rkind | tố cáo | opt:1
S rkind | rút báo cáo | opt:2
N who | cán bộ | opt:1
C who | tiền nước | opt:3
S who | đầu tư | opt:7
N money | đã chuyển rồi | opt:1
N money | chưa chuyển tiền | opt:2
# -- step ------------------------------------------------------------------------------------------
N step | làm xong | opt:1
N step | tiếp đi | opt:1
N step | chưa xong đâu | notyet:1
N step | đợi đã | notyet
N step | nói chậm | opt:2
N step | giúp tôi | opt:3
C step | chưa xong o | notyet:1
C step | chậm thôi | opt:2
S step | khoan đã | notyet
S step | chờ tí | notyet
S step | vướng rồi | opt:3
# -- review ----------------------------------------------------------------------------------------
N review | gửi | opt:1
N review | đừng, đừng gửi | neg:1
N review | không giữ lại | neg:1
N review | nghe lời kể | opt:2
N review | nói lại từ đầu | opt:3
C review | nỏ giữ | neg:1
S review | hổng giữ | neg:1
S review | giữ lại dùm | opt:1
"""
