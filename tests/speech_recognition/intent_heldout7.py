"""Seventh held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), the earlier tables or the
benchmark's notes, and never run through the parser while it was written: it measures, it is
not tuned on. The contexts and their options are today's questions in ``prompts/flow.yaml`` and
``prompts/nodes/*.yaml`` (main menu, tutorials menu, scam-safety menu, the money question, who
the caller claimed to be, a tutorial step, the end of a tutorial, the recording review).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
by a native-level writer for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam –
Đà Nẵng, Nghệ Tĩnh; S = South), with particles (ạ, nhé, nha, nghen, hen, chớ, mà, đó, hả),
fillers (ờ, à, ừm, thì), self-corrections ("à nhầm", "à lộn", "ý là"), narrations around the
answer, rhetorical and double negatives, and hedges. The expected label is what a careful human
operator would take the caller to mean; where the deciding word is lost or the caller hedges,
the label is ``?`` (ask again). Numbers are said as people read phone numbers: digit by digit in
groups, or pairs as two-digit numbers (hăm = hai mươi, băm = ba mươi, mốt = 1, tư = 4, lăm/nhăm
= 5 after a tens word, linh/lẻ = a zero tens digit after trăm, chục = ten). About a tenth of the
rows (tag ``slip``) imitate recogniser slips: lost diacritics, ``[unk]`` for a word not
recognised, repeated words, a wrong tone.

Labels: at the recording review, listening back is written ``opt:2`` (the older listen key, which
still works; ``*`` is named today). At the main menu, "a person" is its option 5, not ``volunteer``.
At the question "Người đó tự xưng là ai?", "không nhớ / không rõ" is option 8 ("người khác, hoặc
không rõ"). At the money question, having installed what the caller was told to is option 1.

Sources for the regional forms (public):
- Centre / Nghệ Tĩnh (mô, tê, răng, rứa, nỏ, ni, nớ, chừ/dừ, mần, hắn, eng):
  https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html
  https://beta.voh.com.vn/song-dep/nhung-cau-noi-nghe-an-kho-hieu-564712.html
  https://diendan.hocluat.vn/viewtopic.php?t=11357
  https://nghengu.vn/tieng-nghe-cua-toi/tu-dien-nghe-an-987.html
- Dialects of Vietnamese in general (Centre and South vocabulary, Huế "o", "mệ"):
  https://en.wikipedia.org/wiki/Vietnamese_language#Dialects
  https://vi.wikipedia.org/wiki/Phương_ngữ_tiếng_Việt
- South (hổng/hông, nghen, dzậy, tui, ổng, bả, lộn, xài, giùm/dùm):
  https://vi.wikipedia.org/wiki/Phương_ngữ_Nam_Bộ
  https://en.wiktionary.org/wiki/hổng
- Number words (mốt, tư, lăm, nhăm, linh, lẻ, hăm, băm, chục):
  https://en.wiktionary.org/wiki/mốt
  https://en.wiktionary.org/wiki/lăm
  https://en.wiktionary.org/wiki/hăm
  https://en.wiktionary.org/wiki/băm
  https://en.wiktionary.org/wiki/linh
"""
from __future__ import annotations

HELDOUT7 = """
# ---------------------------------------------------------------- yes/no: North
# (resume offer "Học tiếp bài …?", quiz "Bác có nên … không?", read-back "Bác nói … phải không?")
N yn | vâng ạ | yes
N yn | có ạ | yes
N yn | ừ, học tiếp đi | yes
N yn | không ạ | no
N yn | không nên đâu | no
N yn | thế thì phải gọi ngay chứ | yes
N yn | dại gì mà đọc mã cho nó | no
N yn | ờ… có chứ | yes
N yn | đúng rồi, tôi nói thế mà | yes
N yn | không phải, tôi bảo là không cơ mà | no
N yn | vâng, à không, không nên | no
N yn | không… à nhầm, có chứ, có | yes
N yn | chẳng nên tí nào | no
N yn | thôi, hôm nay tôi không học đâu | no
N yn | nói lại hộ tôi cái | repeat
N yn | cô nói nhanh quá, tôi chưa nghe kịp | repeat
N yn | tôi cũng chả biết nữa | ?
N yn | chắc là có, mà tôi cũng không chắc lắm | ?
N yn | làm gì có chuyện công an bảo chuyển tiền | no
N yn | sao lại không nên, nên chứ | yes
N yn | có, có | yes
N yn | ừ | yes
N yn | quay lại đi | back
N yn | về mục chính cho tôi | main_menu
N yn | bà con tôi bảo là không được đọc cho ai, nên tôi bảo không | no
N yn | vâng, thế là lừa đảo rồi còn gì | yes
N yn | ừm… thôi, học tiếp vậy | yes
N yn | khong nen | no | slip
N yn | co a | yes | slip
N yn | [unk] không nên | no | slip
N yn | không [unk] | ? | slip
# ---------------------------------------------------------------- yes/no: Centre
C yn | có o | yes
C yn | dạ có | yes
C yn | nỏ | no
C yn | nỏ mô | no
C yn | nỏ nên mô | no
C yn | răng lại đọc mã cho hắn được | no
C yn | ai mà đi tin hắn, nỏ tin mô | no
C yn | rứa thì phải gọi liền chớ | yes
C yn | phải rồi o, tui nói có | yes
C yn | không phải, tui nói không mà | no
C yn | chừ học tiếp luôn | yes
C yn | thôi chừ khỏi, mai mệ học | no
C yn | có chớ | yes
C yn | ờ, có | yes
C yn | dạ không | no
C yn | không có mô | no
C yn | mệ không biết nữa con | ?
C yn | chắc rứa, mà tui không rõ | ?
C yn | nói lại cho tui nghe với | repeat
C yn | răng? o nói chi tui nghe không rõ | repeat
C yn | eng nói lại coi | repeat
C yn | quay lại o ơi | back
C yn | có, à nhầm, nỏ, nỏ nên | no
C yn | không, ý tui là có | yes
C yn | con tui dặn rồi, không được đưa cho ai, nên không | no
C yn | lừa đảo chớ răng | yes
C yn | phải phải | yes
C yn | học tiếp chớ, bữa ni rảnh | yes
C yn | no mo | no | slip
C yn | co cho | yes | slip
C yn | nỏ [unk] | no | slip
# ---------------------------------------------------------------- yes/no: South
S yn | dạ có | yes
S yn | hông | no
S yn | hổng có đâu | no
S yn | dạ hông nên | no
S yn | có chớ sao hông | yes
S yn | ai mà khùng đi đọc mã cho tụi nó | no
S yn | dạ phải | yes
S yn | ừ, học tiếp nghen | yes
S yn | thôi, bữa khác học hen | no
S yn | có đâu, đâu có vụ đó | no
S yn | nên chớ, gọi liền | yes
S yn | dạ đúng rồi | yes
S yn | dạ hổng phải, tui nói có mà | no
S yn | ờ… có | yes
S yn | hổng biết nữa | ?
S yn | chắc hông á, mà tui cũng hổng rành | ?
S yn | nói lại coi | repeat
S yn | cô nói lại dùm tui cái | repeat
S yn | trở lại đi | back
S yn | cho tui về cái mục chính | main_menu
S yn | cho tui nói chuyện với người thật đi | volunteer
S yn | có, à hông, hông nên | no
S yn | hông, à lộn, có | yes
S yn | thằng Hai nó dặn hổng được bấm, nên tui nói hông | no
S yn | đâu có được, tiền đâu mà trả | no
S yn | dzậy là lừa đảo chớ gì nữa | yes
S yn | hổng có nên nha | no
S yn | hong nen | no | slip
S yn | dạ có có có | yes | slip
S yn | dạ hông, hông [unk] | no | slip
# ---------------------------------------------------------------- digits: North
# (a number to check, the scammer's number, or a 6-digit report reference)
N dg | không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | không chín tám, bảy sáu năm, bốn ba hai một | dg:0987654321
N dg | không chín không ba, hai mươi mốt, ba mươi tư, năm mươi sáu | dg:0903213456
N dg | mã số là bốn năm hai, một không tám ạ | dg:452108
N dg | hai trăm mười bốn, ba trăm linh sáu | dg:214306
N dg | ờ… không tám tám tám, một hai không, không năm chín | dg:0888120059
N dg | số của nó là không bảy không… à nhầm, không bảy chín tám, một một hai, ba ba bốn | dg:0798112334
N dg | không hai bốn, ba chín bảy bốn, năm sáu tám một | dg:02439745681
N dg | một trăm lẻ ba, bốn trăm năm mươi | dg:103450
N dg | không chín bốn bảy, hai nhăm, sáu chín, tám tám | dg:0947256988
N dg | chín một, không… tôi không nhớ nữa | ?
N dg | mã là sáu trăm hai mươi mốt, chín trăm linh tư | dg:621904
N dg | dạ số là không ba hai, năm năm năm, không không chín một | dg:0325550091
N dg | khong chin bay, sau sau, tam tam tam, hai hai | dg:0976688822 | slip
N dg | không tám sáu, hai [unk], bảy bảy ba, một một | ? | slip
# ---------------------------------------------------------------- digits: Centre
C dg | không chín một bốn, à nhầm, không chín một năm, hai ba hai, năm sáu sáu | dg:0915232566
C dg | số hắn là không chín tám hai, ba mươi lăm, bảy mươi hai, mười chín | dg:0982357219
C dg | không ba năm một, tám bảy, sáu mươi, bốn mốt | dg:0351876041
C dg | mã số tui ghi đây: ba một bảy, không không hai | dg:317002
C dg | năm trăm bốn mươi lăm, một trăm hai mươi | dg:545120
C dg | không hai ba bốn, ba tám hai, chín chín một năm | dg:02343829915
C dg | o ơi, số là không tám một hai, tám tám năm, hai hai không | dg:0812885220
C dg | không chín ba tám, hăm ba, băm lăm, bảy bảy | dg:0938233577
C dg | bảy trăm linh một, sáu trăm mười | dg:701610
C dg | tui nhớ mỗi cái đầu không chín bảy, còn lại quên mất rồi | ?
C dg | không chín không chín, mười hai, ba mươi tư, năm mươi lăm | dg:0909123455
C dg | mã số bốn tám, sáu chín, hăm mốt | dg:486921
C dg | không bảy sáu, tám tám tám, tám tám tám tám | dg:0768888888
C dg | khong tam chin, bon bon bon, hai sau tam mot | dg:0894442681 | slip
C dg | không chín chín, một một một, [unk] hai hai | ? | slip
# ---------------------------------------------------------------- digits: South
S dg | dạ số là không chín không, một hai ba, bốn năm sáu bảy | dg:0901234567
S dg | mã số mười hai, ba chục, bốn lăm | dg:123045
S dg | không tám bốn chín, sáu sáu, băm mốt, chín hai | dg:0849663192
S dg | số ổng gọi tui là không chín ba, bảy bảy bảy, một không không tám | dg:0937771008
S dg | hai trăm lẻ bốn, ba trăm lẻ chín | dg:204309
S dg | không hai tám, ba tám hai hai, năm không sáu một | dg:02838225061
S dg | không bảy không bảy, hai mươi, ba mươi, bốn mươi | dg:0707203040
S dg | dạ mã số sáu lăm, hăm tư, chín mốt | dg:652491
S dg | hổng nhớ số, nó gọi số lạ hoắc | ?
S dg | không ba hai, một một một, hai hai hai hai | dg:0321112222
S dg | không tám một một, năm mươi, sáu mươi lăm, bảy mươi bảy | dg:0811506577
S dg | chín tám bảy, sáu năm bốn nghen | dg:987654
S dg | không chín sáu, ba hai, bốn… à lộn, không chín sáu ba, hai năm một, tám tám hai | dg:0963251882
S dg | khong chin tam, hai hai hai, ba ba, bon bon | dg:0982223344 | slip
S dg | không chín sáu, ba hai, [unk], tám bảy, hai ba | ? | slip
# ---------------------------------------------------------------- main menu
# 1 học dùng điện thoại, 2 cách tránh lừa đảo, 3 báo lừa đảo, 4 kiểm tra số lạ, 5 gặp tình nguyện viên
N main | cho tôi học cách dùng cái điện thoại | opt:1
N main | tôi muốn báo lừa đảo ạ, hôm qua có đứa gọi | opt:3
N main | kiểm tra hộ tôi cái số lạ | opt:4
N main | bấm số hai | opt:2
N main | ờ… tôi cũng chẳng biết chọn cái gì | ?
N main | cho tôi gặp tình nguyện viên | opt:5
N main | hoc dung dien thoai | opt:1 | slip
C main | o cho tui học cái VNeID với | opt:1
C main | có thằng gọi xưng công an, tui muốn báo | opt:3
C main | tui muốn nghe cách tránh bị lừa | opt:2
C main | số ni lạ quá, tui muốn kiểm tra | opt:4
C main | nói lại cho mệ nghe với | repeat
C main | cần người giúp tui | opt:5
S main | dạ cho tui học xài điện thoại | opt:1
S main | tui bị lừa rồi, mất tiền rồi | opt:3
S main | kiểm tra số điện thoại coi có phải lừa đảo hông | opt:4
S main | nghe mấy cái cảnh báo lừa đảo | opt:2
S main | tui hổng biết bấm gì nữa, cho gặp người thật | opt:5
S main | kiem tra so la | opt:4 | slip
# ---------------------------------------------------------------- tutorials menu
# 1 cài ứng dụng, 2 tạo VNeID, 3 sổ sức khỏe, 4 tiền điện nước, 5 dịch vụ công, 6 đổi máy mới
N tut | cài ứng dụng ạ | opt:1
N tut | tôi muốn học làm cái định danh điện tử | opt:2
N tut | đóng tiền điện trên điện thoại thế nào | opt:4
N tut | con tôi mua cho cái máy mới, chưa biết chuyển sang | opt:6
N tut | quay lại mục trước | back
N tut | tôi chưa biết, bài nào cũng được | ?
C tut | sổ sức khỏe, để coi lịch tiêm | opt:3
C tut | tui muốn làm thủ tục trên dịch vụ công | opt:5
C tut | mần cái VNeID | opt:2
C tut | răng mà nhiều rứa, o nói lại đi | repeat
C tut | cai ung dung | opt:1 | slip
S tut | dạ trả tiền nước | opt:4
S tut | tui mới đổi điện thoại, cái VNeID nó hổng vô được | opt:6
S tut | cái sổ sức khỏe điện tử đó | opt:3
S tut | cái bài số năm | opt:5
S tut | thôi về mục chính | main_menu
# ---------------------------------------------------------------- scam-safety menu
# 1 đã bị lừa, 2 giả công an, 3 ngân hàng/điện lực, 4 mã và đường link, 5 đòi tiền gấp, 6 cảnh báo mới
N scam | tôi lỡ chuyển tiền cho nó rồi | opt:1
N scam | mấy đứa giả công an ấy | opt:2
N scam | cái vụ mã OTP với đường link | opt:4
N scam | có cảnh báo gì mới không | opt:6
N scam | nghe lại cái | repeat
N scam | ma va duong [unk] | opt:4 | slip
C scam | hắn giả ngân hàng gọi cho tui | opt:3
C scam | đứa cháu gọi, bảo đang cấp cứu, đòi tiền gấp | opt:5
C scam | tin nhắn có cái link lạ | opt:4
C scam | bên viện kiểm sát gọi, dọa bắt | opt:2
C scam | tui nỏ biết chọn cái mô | ?
S scam | mấy ông điện lực gọi nói cắt điện | opt:3
S scam | người giao hàng đòi tiền trước | opt:5
S scam | tui bị lừa rồi nè | opt:1
S scam | cảnh báo mới | opt:6
S scam | gia cong an | opt:2 | slip
# ---------------------------------------------------------------- money question
# "Bác đã chuyển tiền, đọc mã hay cài gì cho họ chưa?" 1 rồi, 2 chưa, 3 đã báo ngân hàng, 4 rút báo cáo
N money | rồi, tôi chuyển mất năm triệu rồi | opt:1
N money | chưa ạ, tôi tắt máy luôn | opt:2
N money | tôi báo ngân hàng khóa thẻ rồi | opt:3
N money | tôi muốn rút cái báo cáo hôm trước | opt:4
N money | suýt nữa thì đọc mã, may mà chưa | opt:2
N money | chưa… à không, đọc mã rồi | opt:1
C money | nỏ, tui nỏ chuyển chi hết | opt:2
C money | đọc mã cho hắn rồi o ơi | opt:1
C money | tui báo ngân hàng rồi, chừ muốn kể lại | opt:3
C money | rút lại cái báo cáo | opt:4
C money | mệ không rõ, con mệ làm chi đó trên máy | ?
C money | chưa chuyển chi cả | opt:2
S money | dạ rồi, chuyển cho nó hai chục triệu | opt:1
S money | hổng có, tui hổng chuyển đồng nào | opt:2
S money | có cài cái ứng dụng nó chỉ, mà chưa chuyển tiền | opt:1
S money | tui gọi ngân hàng rồi, họ khóa tài khoản rồi | opt:3
S money | đừng, đừng báo nữa, rút lại đi | opt:4
S money | hổng biết nữa | ?
S money | chua chuyen | opt:2 | slip
# ---------------------------------------------------------------- who the caller claimed to be
# 1 công an/cán bộ, 2 ngân hàng, 3 điện lực/nước, 4 nhà mạng, 5 giao hàng, 6 người thân/quen,
# 7 việc làm/đầu tư, 8 người khác/không rõ
N who | nó xưng là công an phường | opt:1
N who | bảo là nhân viên ngân hàng | opt:2
N who | bên điện lực ạ | opt:3
N who | nó bảo là bên Viettel, đòi khóa sim | opt:4
N who | xưng là ngân hàng, à không, là công an | opt:1
C who | hắn nói là người giao hàng | opt:5
C who | hắn xưng con bạn tui, ở ngoài Hà Nội | opt:6
C who | mời làm việc nhẹ lương cao | opt:7
C who | tui nỏ nhớ hắn xưng chi | opt:8
C who | nhân viên bên nước, đòi tiền nước | opt:3
S who | ổng nói ổng là cán bộ thuế | opt:1
S who | bả nói bả là bạn của con gái tui | opt:6
S who | mấy đứa rủ đầu tư tiền ảo | opt:7
S who | nhà mạng | opt:4
S who | hổng biết ai nữa, người lạ hoắc | opt:8
S who | shipper giao hang | opt:5 | slip
# ---------------------------------------------------------------- tutorial step
# 1 xong/tiếp, 2 chậm hơn, 3 bị vướng; "chưa xong, đợi" = notyet
N step | xong rồi ạ | opt:1
N step | từ từ, chưa xong | notyet
N step | nói chậm chậm thôi | opt:2
N step | tôi chịu, không tìm thấy cái nút ấy | opt:3
N step | đợi tôi tí, đang tìm kính | notyet
N step | rồi, bấm rồi, tiếp đi | opt:1
N step | nói lại bước này | repeat
N step | nhanh quá, tôi theo không kịp | opt:2
N step | xong roi | opt:1 | slip
C step | rồi o | opt:1
C step | chừ chưa xong, chờ tí | notyet
C step | nói chậm lại cho mệ | opt:2
C step | mô có thấy cái nút nớ mô | opt:3
C step | nỏ làm được | opt:3
C step | xong rồi, tiếp đi o | opt:1
C step | khoan đã, tui đang bấm | notyet
C step | nói lại cái bước ni | repeat
C step | cái nút tê o nói, tui bấm rồi | opt:1
C step | làm rồi mà hắn không ra chi | opt:3
C step | xong xong roi | opt:1 | slip
S step | dạ xong rồi | opt:1
S step | chờ chút xíu, chưa xong | notyet
S step | nói chậm chậm dùm tui | opt:2
S step | hổng thấy chỗ nào hết trơn | opt:3
S step | tui làm hổng được | opt:3
S step | rồi, tiếp đi cô | opt:1
S step | con tui đang làm giùm, đợi chút | notyet
S step | ủa, cái gì? nói lại coi | repeat
S step | có bấm rồi mà nó hổng ra gì hết | opt:3
S step | dang tim [unk] | notyet | slip
# ---------------------------------------------------------------- end of a tutorial
# 1 học lại từ đầu, 0 chọn bài khác, 9 về mục chính
N restart | học lại từ đầu | opt:1
N restart | thôi, chọn bài khác | back
N restart | về mục chính | main_menu
N restart | thôi, thế là đủ rồi | ?
C restart | nghe lại từ đầu cho mệ | opt:1
C restart | qua bài khác | back
C restart | về mục chính o | main_menu
C restart | học lại tư đầu | opt:1 | slip
S restart | dạ học lại từ đầu nghen | opt:1
S restart | thôi bài khác đi | back
S restart | cho tui về mục chính | main_menu
S restart | hổng học nữa | ?
S restart | làm lại một lần nữa từ đầu cho chắc | opt:1
# ---------------------------------------------------------------- recording review
# 1 giữ/gửi, 2 (or *) nghe lại lời kể, 3 kể lại từ đầu
N review | gửi đi | opt:1
N review | giữ nguyên như thế | opt:1
N review | cho tôi nghe thử xem mình vừa nói gì | opt:2
N review | tôi nói lộn xộn quá, để kể lại | opt:3
N review | đừng gửi | neg:1
C review | gửi đi o | opt:1
C review | cho tui nghe lại lời kể coi | opt:2
C review | kể lại, tui quên nói số tài khoản | opt:3
C review | khoan, đừng gửi vội | neg:1
C review | gui di | opt:1 | slip
S review | dạ được rồi, gửi đi | opt:1
S review | cho tui nghe thử cái | opt:2
S review | nói lại từ đầu, hồi nãy nói lộn | opt:3
S review | thôi khỏi gửi | neg:1
S review | ờ… sao cũng được | ?
"""
