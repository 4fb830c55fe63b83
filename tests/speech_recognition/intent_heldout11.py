"""Eleventh held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), its vocabulary (the ``words:``
lists and the ``speech:`` section of the prompts), the benchmark or the rows of any earlier table,
and never run through the parser while it was written or afterwards: it measures, it is not tuned
on. Only the first lines (docstring) of ``intent_heldout7.py`` were read, for the format and label
conventions. The contexts and their options are what the caller hears today in
``prompts/flow.yaml`` and ``prompts/nodes/*.yaml`` (prompts, option texts, quiz questions,
messages), read with a small script that printed only those texts.

Contexts: ``yn`` a yes/no question (resume offer "Học tiếp bài …, bấm 1. Về mục chính, bấm 2",
the lessons' quiz questions, number read-back "Bác nói … phải không?", "Bác đã … chưa?");
``dg`` a phone number or a six-digit report reference said aloud; ``main`` the main menu;
``tut`` the tutorials menu; ``scam`` the scam-safety menu; ``money`` "Bác đã chuyển tiền, đọc mã
hay cài gì cho họ chưa?"; ``who`` "Người đó tự xưng là ai?"; ``step`` a tutorial step (1 done,
2 slower, 3 need help, 4 normal speed again, ``*`` repeat); ``restart`` the end of a tutorial
(1 from the start, 0 another lesson, 9 main menu); ``review`` after a recording (1 keep,
listen back, 3 record again).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
by a native-level writer for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam –
Đà Nẵng, Nghệ Tĩnh; S = South), balanced across the three. The mix aims at what a real hotline
hears: mostly short answers, often repeating the words just heard in the option ("bấm hai",
"cài ứng dụng", "giả công an"), with particles (ạ, nhé, nha, nghen, hỉ, chớ, chơ, mà, đó, hả),
fillers (ờ, à, hả), regional forms (nỏ, mô, răng, rứa, ni, nớ, chừ, mần, hắn, o, mệ; hông,
hổng, tui, ổng, bả, dzậy, giùm, xài, lộn), and a minority of longer answers: a short story around
the answer, hesitations, self-corrections ("à nhầm", "à lộn", "à hông"), rhetorical answers
("làm gì có", "đâu có", "sao lại không"). At ``yn`` the yes/no meaning is readable from the
utterance alone (the label is the caller's answer, not whether it is the right answer to the
quiz). Numbers are said as people read phone numbers: digit by digit in groups, or pairs as
two-digit numbers (hăm = hai mươi, băm = ba mươi, mốt = 1, tư = 4, lăm/nhăm = 5 after a tens
word, linh/lẻ = a zero tens digit after trăm, chục = ten). About a tenth of the rows (tag
``slip``) imitate recogniser slips: lost diacritics, ``[unk]`` for a word not recognised,
repeated syllables.

Labels: the expected label is what a careful human operator would take the caller to mean;
where the deciding word is lost or the caller hedges, the label is ``?`` (ask again).
``yn``: yes, no, repeat, back, main_menu, volunteer (asks for a person), ?. At the resume offer
"học tiếp" is ``yes`` and "về mục chính" is ``main_menu``. ``dg``: ``dg:<digits>`` after the
caller's own corrections, or ``?`` if a digit is lost or the caller does not remember.
Menus: ``opt:K`` as numbered in the yaml, plus repeat, back, main_menu, ?. At the main menu
"a person" is option 5 (``opt:5``), not ``volunteer``; "I was just cheated" there is option 3
(report). At ``who``, "không nhớ / không rõ" is option 8 ("người khác, hoặc không rõ"); a tax or
other state office counts as option 1. At ``money``, having installed what the caller was told
to, or having read out a code, is option 1; having already told the bank is option 3. At
``step``, "not finished yet, wait" is ``notyet``; "I can't find it / it doesn't work" is a call
for help, ``opt:3``. At ``restart``, "another lesson" is ``back`` and "main menu" is
``main_menu``. At ``review``, listening back is written ``opt:2`` (the older listen key, which
still works; ``*`` is named today), asking for the choices again is ``repeat``, and a bare
refusal of keeping ("không giữ", "đừng giữ") is ``neg:1``.

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

HELDOUT11 = """
# yes/no questions - North
N yn | có ạ | yes
N yn | vâng, có ạ | yes
N yn | không ạ | no
N yn | không nên đâu | no
N yn | nên chứ | yes
N yn | dạ không, ai lại đi làm thế | no
N yn | phải rồi, đúng số ấy đấy | yes
N yn | không phải, số ấy sai rồi | no
N yn | rồi, tôi làm rồi | yes
N yn | chưa, chưa làm gì cả | no
N yn | học tiếp đi | yes
N yn | thôi, về mục chính cho tôi | main_menu
N yn | cô nói lại câu hỏi cái | repeat
N yn | hả, cái gì cơ, nhắc lại xem nào | repeat
N yn | có chứ, sao lại không | yes
N yn | làm gì có chuyện ấy, không | no
N yn | ừ | yes
N yn | chắc là không... à mà cũng chả biết nữa | ?
N yn | cho tôi nói chuyện với người thật được không | volunteer
N yn | quay lại cái trước | back
N yn | không, tôi chả đọc mã cho ai bao giờ | no
N yn | có, có thể là giả lắm chứ | yes
N yn | chả nên, tiền mất tật mang | no
N yn | hôm trước có đứa gọi tôi cũng bảo thế, tôi nghĩ là không nên đâu | no
N yn | thế thì có chứ, con tôi cũng dặn thế rồi | yes
N yn | thôi, không học nữa | no
N yn | ừ đúng rồi | yes
N yn | khong | no | slip
N yn | co a | yes | slip
N yn | ờ thì [unk] | ? | slip
# yes/no questions - Centre
C yn | dạ có | yes
C yn | có chớ | yes
C yn | có chơ, răng lại không | yes
C yn | nỏ | no
C yn | nỏ nên mô | no
C yn | không mô o ơi | no
C yn | dạ không có mô | no
C yn | phải rồi đó | yes
C yn | đúng rồi, số nớ đó | yes
C yn | không phải, số ni trật rồi | no
C yn | rồi, tui mần rồi | yes
C yn | chưa, chưa mần chi hết | no
C yn | học tiếp hỉ | yes
C yn | thôi, cho về mục chính | main_menu
C yn | nói lại coi, tui nghe không rõ | repeat
C yn | răng hè, nói chi rứa, nói lại đi | repeat
C yn | nên chơ, gọi liền | yes
C yn | không nên, mất tiền như chơi | no
C yn | mệ không biết nữa, chắc có, mà chắc không | ?
C yn | cho tui gặp người nói chuyện đi | volunteer
C yn | trở lại cái trước | back
C yn | ờ ờ, có có | yes
C yn | không đời mô, tui không đọc | no
C yn | có, cái thằng nớ lừa đảo rồi | yes
C yn | bữa trước o Hoa cũng bị rứa, nên tui nói là có, có thể là giả | yes
C yn | dạ phải | yes
C yn | nỏ phải | no
C yn | khong mo | no | slip
C yn | co cho | yes | slip
C yn | [unk] mô | ? | slip
# yes/no questions - South
S yn | dạ có | yes
S yn | có nghen | yes
S yn | hông | no
S yn | hổng nên đâu | no
S yn | dạ hông có | no
S yn | đâu có, ai mà làm vậy | no
S yn | đúng rồi đó con | yes
S yn | hổng phải, số đó lộn rồi | no
S yn | rồi, tui làm rồi | yes
S yn | chưa, tui chưa làm gì hết trơn | no
S yn | học tiếp đi con | yes
S yn | thôi về mục chính đi | main_menu
S yn | nói lại coi, tui lãng tai | repeat
S yn | hả, cái gì, nói lại giùm cái | repeat
S yn | có chớ sao hông | yes
S yn | nên chớ | yes
S yn | hổng biết nữa, chắc dzậy | ?
S yn | để tui hỏi thằng con tui cái đã | ?
S yn | cho tui nói chuyện với người thiệt đi | volunteer
S yn | quay lại hồi nãy đi | back
S yn | hổng, tui đâu có khờ | no
S yn | có thể lắm chớ, tụi nó giả hoài | yes
S yn | thôi khỏi, hổng chuyển | no
S yn | hồi bữa bả hàng xóm bị rồi đó, tui thấy là hổng nên | no
S yn | hổng có đâu cưng | no
S yn | chèn ơi, có chớ | yes
S yn | ờ, phải | yes
S yn | hong | no | slip
S yn | co co co | yes | slip
S yn | dạ [unk] | ? | slip
# phone numbers and report references - North
N dg | không chín tám, hai ba bốn, năm sáu bảy tám | dg:0982345678
N dg | không chín một hai, ba mươi tư, năm mươi sáu, bảy mươi tám | dg:0912345678
N dg | không ba năm, tám tám tám, chín chín chín chín | dg:0358889999
N dg | mã số là một hai ba, bốn năm sáu | dg:123456
N dg | hai mươi mốt, bốn mươi lăm, sáu mươi chín | dg:214569
N dg | ba trăm linh năm, bảy trăm mười hai | dg:305712
N dg | không chín bẩy, à nhầm, không chín tám, một một hai, ba ba bốn bốn | dg:0981123344
N dg | không tám sáu sáu, hăm hai, băm ba, bốn nhăm | dg:0866223345
N dg | không chín không, một hai ba, bốn năm sáu bẩy | dg:0901234567
N dg | năm năm hai, không không một | dg:552001
N dg | không chín tám, ba bốn... cái gì nhỉ... tôi quên mất rồi | ?
N dg | chín tám bảy sáu năm bốn | dg:987654
N dg | không hai bốn, ba tám, hai sáu, năm không năm không | dg:02438265050
N dg | khong chin tam, mot hai ba, bon nam sau bay | dg:0981234567 | slip
N dg | không chín [unk], hai hai, ba ba ba | ? | slip
# phone numbers and report references - Centre
C dg | không chín không năm, một hai ba, bốn năm sáu | dg:0905123456
C dg | không chín ba lăm, hăm mốt, ba tư, năm năm | dg:0935213455
C dg | dạ mã số là bốn bốn bảy, hai không một | dg:447201
C dg | tám trăm lẻ hai, chín trăm chín mươi | dg:802990
C dg | không hai ba tư, ba tám hai, năm sáu, bảy tám | dg:02343825678
C dg | không chín tám, ờ... không chín tám, bảy sáu năm, bốn ba hai một | dg:0987654321
C dg | ba sáu chín, à nhầm, ba sáu tám, một một không | dg:368110
C dg | không bảy sáu, chín chín, tám tám, bảy bảy bảy | dg:0769988777
C dg | mười hai, mười ba, mười bốn | dg:121314
C dg | số hắn là không chín mấy đó, tui nỏ nhớ | ?
C dg | không tám năm, sáu sáu một, hai không hai không | dg:0856612020
C dg | hai chục, ba chục, bốn mươi mốt | dg:203041
C dg | không chín không, hai hai hai, hai hai hai... ba | dg:0902222223
C dg | khong chin mot ba, nam nam, sau sau, bay bay | dg:0913556677 | slip
C dg | bốn năm [unk] bảy tám chín | ? | slip
# phone numbers and report references - South
S dg | không chín không, tám tám tám, một hai ba bốn | dg:0908881234
S dg | không chín ba tám, hăm lăm, băm sáu, bốn mươi bảy | dg:0938253647
S dg | mã số là sáu sáu tám, tám tám sáu | dg:668886
S dg | một trăm lẻ một, hai trăm lẻ hai | dg:101202
S dg | không tám ba, ba ba ba, chín chín chín chín | dg:0833339999
S dg | không chín bảy, bốn lăm, à hông, bốn sáu, bảy tám chín, không không | dg:0974678900
S dg | không hai tám, ba tám, hai hai, năm năm năm năm | dg:02838225555
S dg | hăm hai, băm ba, bốn mươi bốn | dg:223344
S dg | không chín không mấy số gì đó, tui hổng ghi lại | ?
S dg | chín chín chín, lộn, chín chín tám, không không một | dg:998001
S dg | không bảy không, một một một, hai hai hai hai | dg:0701112222
S dg | năm chục, sáu chục, bảy mươi lăm | dg:506075
S dg | số nó là không ba ba chín, sáu tám, sáu tám, sáu tám | dg:0339686868
S dg | khong chin khong, mot mot hai, ba bon nam sau | dg:0901123456 | slip
S dg | hai hai [unk] [unk] năm năm | ? | slip
# main menu
N main | học dùng điện thoại | opt:1
N main | bấm hai | opt:2
N main | tôi muốn báo lừa đảo | opt:3
N main | có cái số lạ cứ gọi cho tôi, tôi muốn kiểm tra | opt:4
N main | cho tôi gặp tình nguyện viên | opt:5
N main | nói lại cho tôi nghe với | repeat
N main | tôi vừa bị chúng nó lừa mất năm triệu, giờ phải làm sao | opt:3
N main | ờ cái... cái đấy... [unk] | ? | slip
C main | dạ, học dùng cái điện thoại | opt:1
C main | cách tránh lừa đảo hỉ | opt:2
C main | số một | opt:1
C main | tui muốn coi cái số lạ ni | opt:4
C main | báo lừa đảo | opt:3
C main | cho tui nói chuyện với người | opt:5
C main | nói răng, nói lại đi | repeat
C main | con tui mới mua cho cái máy, tui nỏ biết dùng, muốn học | opt:1
C main | bam bon | opt:4 | slip
S main | tránh lừa đảo | opt:2
S main | bấm năm, gặp người | opt:5
S main | kiểm tra số lạ | opt:4
S main | tui bị gạt rồi, muốn báo | opt:3
S main | học xài điện thoại nghen | opt:1
S main | nói lại coi | repeat
S main | dạ... hổng biết nữa, cái nào cũng được | ?
S main | tranh lua dao | opt:2 | slip
# tutorials menu
N tut | cài ứng dụng | opt:1
N tut | tạo VNeID | opt:2
N tut | cái sổ sức khỏe ấy | opt:3
N tut | trả tiền điện | opt:4
N tut | quay lại | back
N tut | nói lại các bài đi | repeat
N tut | so suc khoe | opt:3 | slip
C tut | dạ, tạo cái vê nê ai đi | opt:2
C tut | dịch vụ công | opt:5
C tut | bấm sáu | opt:6
C tut | tiền điện nước hỉ | opt:4
C tut | tui mới đổi máy mới, chừ mần răng | opt:6
C tut | về mục chính | main_menu
C tut | cài ứng dụng... à không, sổ sức khỏe | opt:3
S tut | cài ứng dụng nghen | opt:1
S tut | đổi máy mới | opt:6
S tut | bấm năm | opt:5
S tut | quay lại hồi nãy | back
S tut | tiền điện nước, tháng nào tui cũng phải ra tận chỗ đóng | opt:4
S tut | cai ung [unk] | opt:1 | slip
# scam-safety menu
N scam | giả công an | opt:2
N scam | tôi bị lừa rồi | opt:1
N scam | cái mã với đường link ấy | opt:4
N scam | cảnh báo mới | opt:6
N scam | bấm năm | opt:5
N scam | cho nghe lại | repeat
N scam | ngân hàng, điện lực | opt:3
C scam | dạ, đòi tiền gấp | opt:5
C scam | giả công an hỉ | opt:2
C scam | có đứa giả bên điện lực gọi tui hoài, nghe cái đó | opt:3
C scam | tui đã bị lừa | opt:1
C scam | trở lại | back
C scam | canh bao moi | opt:6 | slip
S scam | mã với đường link | opt:4
S scam | đòi tiền gấp | opt:5
S scam | cảnh báo mới đi | opt:6
S scam | bấm một | opt:1
S scam | cái vụ giả công an đó | opt:2
S scam | thôi, về mục chính | main_menu
S scam | gia cong an | opt:2 | slip
# money question: transferred, read a code or installed something?
N money | rồi | opt:1
N money | chưa, chưa chuyển đồng nào | opt:2
N money | tôi báo ngân hàng rồi | opt:3
N money | tôi đọc cái mã cho nó rồi | opt:1
N money | thôi, tôi rút báo cáo | opt:4
N money | nó bảo cài cái ứng dụng, tôi cài rồi | opt:1
N money | chua | opt:2 | slip
C money | dạ rồi | opt:1
C money | chưa, tui nỏ chuyển | opt:2
C money | chuyển rồi, năm triệu đó | opt:1
C money | tui gọi ngân hàng báo rồi | opt:3
C money | hắn bảo cài, mà tui chưa cài chi hết | opt:2
C money | nói lại coi | repeat
C money | ờ... [unk] rồi | ? | slip
S money | rồi, chuyển rồi | opt:1
S money | chưa | opt:2
S money | hông có, tui hổng chuyển gì hết | opt:2
S money | bấm bốn, rút | opt:4
S money | tui có cài cái ứng dụng nó chỉ | opt:1
S money | tui có đọc cái mã, mà báo ngân hàng khóa thẻ rồi | opt:3
# who did the person claim to be?
N who | công an | opt:1
N who | nó bảo nó là nhân viên ngân hàng | opt:2
N who | bên điện lực | opt:3
N who | tôi không nhớ | opt:8
N who | nó xưng là cháu tôi, bảo đang cấp cứu | opt:6
N who | nha mang | opt:4 | slip
C who | dạ, hắn xưng công an phường | opt:1
C who | bên giao hàng | opt:5
C who | tui nỏ biết hắn là ai | opt:8
C who | hắn rủ đầu tư, lời nhiều lắm | opt:7
C who | nhà mạng | opt:4
C who | hắn nói hắn bên công ty nước | opt:3
C who | [unk] ngân hàng | opt:2 | slip
S who | ngân hàng | opt:2
S who | tụi nó nói bên giao hàng, shipper gì đó | opt:5
S who | người quen | opt:6
S who | ổng xưng là cán bộ ở trển | opt:1
S who | hổng rõ nữa | opt:8
S who | mời làm việc online ở nhà, nói kiếm tiền dễ lắm | opt:7
S who | nói lại mấy cái đó coi | repeat
# tutorial step
N step | xong rồi | opt:1
N step | xong | opt:1
N step | chưa, đợi tôi tí | notyet
N step | nói chậm thôi | opt:2
N step | nhanh quá, tôi không theo kịp | opt:2
N step | tôi không làm được, cần giúp | opt:3
N step | nói lại đi | repeat
N step | tôi không thấy cái nút ấy đâu cả | opt:3
N step | tiếp đi | opt:1
N step | thôi, về mục chính | main_menu
N step | đang bấm, từ từ | notyet
N step | xong roi | opt:1 | slip
C step | dạ xong | opt:1
C step | xong rồi đó | opt:1
C step | chưa, chờ tí | notyet
C step | nói chậm chậm thôi o | opt:2
C step | tui mần không được, giúp với | opt:3
C step | nói lại coi | repeat
C step | trở lại bước trước | back
C step | cái máy hắn tối thui rồi, chừ mần răng | opt:3
C step | dạ chừ tui đang tìm | notyet
C step | nghe tiếp | opt:1
C step | nhanh quá, nói từ từ | opt:2
C step | xong xong [unk] | opt:1 | slip
S step | xong rồi nghen | opt:1
S step | rồi, xong | opt:1
S step | đợi chút, chưa xong | notyet
S step | nói chậm chậm giùm | opt:2
S step | tui hổng biết làm, cần giúp | opt:3
S step | nói lại đi | repeat
S step | bấm hai | opt:2
S step | quay lại | back
S step | ờ tui bấm cái hình đó rồi mà nó hổng ra gì hết | opt:3
S step | nghe nhanh như cũ đi | opt:4
S step | chua xong | notyet | slip
# end of a tutorial
N restart | học lại từ đầu | opt:1
N restart | chọn bài khác | back
N restart | về mục chính | main_menu
N restart | thôi đủ rồi | ?
C restart | dạ, học lại | opt:1
C restart | bài khác đi | back
C restart | bấm chín | main_menu
C restart | nói lại coi | repeat
S restart | làm lại từ đầu nghen | opt:1
S restart | chọn bài khác | back
S restart | về mục chính đi | main_menu
S restart | bai khac | back | slip
# recording review
N review | giữ lời kể | opt:1
N review | cho tôi nghe lại | opt:2
N review | kể lại từ đầu | opt:3
N review | không giữ đâu | neg:1
N review | được rồi, gửi đi | opt:1
C review | giữ đi | opt:1
C review | cho tui nghe lại cái lời tui kể | opt:2
C review | tui kể trật rồi, kể lại | opt:3
C review | đừng giữ | neg:1
C review | nói lại mấy cái bấm coi | repeat
S review | giữ nghen | opt:1
S review | nghe lại coi | opt:2
S review | thôi kể lại | opt:3
S review | hổng giữ đâu, bỏ đi | neg:1
S review | giu loi ke | opt:1 | slip
"""
