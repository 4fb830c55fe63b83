"""Twelfth held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), its vocabulary (the ``words:``
lists and the ``speech:`` section of the prompts), the benchmark or the rows of any earlier table,
and never run through the parser while it was written or afterwards: it measures, it is not tuned
on. Only the first lines (docstring) of ``intent_heldout11.py`` were read, for the format and label
conventions. The contexts and their options are what the caller hears today in
``prompts/flow.yaml`` and ``prompts/nodes/*.yaml`` (prompts, option texts, quiz questions,
messages), read with a small script that printed only those texts and skipped every ``words`` and
``speech`` key.

Contexts and the option numbers used (as numbered in the yaml when this table was written):
``yn`` a yes/no question (resume offer "Học tiếp bài …, bấm 1. Về mục chính, bấm 2", the lessons'
quiz questions, number read-back "… phải không?", "Bác đã … chưa?"); ``dg`` a phone number or a
six-digit report reference said aloud; ``main`` the main menu (1 học dùng điện thoại, 2 cách tránh
lừa đảo, 3 báo lừa đảo, 4 kiểm tra số lạ, 5 gặp tình nguyện viên); ``tut`` the tutorials menu
(1 cài ứng dụng, 2 tạo VNeID, 3 sổ sức khỏe, 4 tiền điện nước, 5 dịch vụ công, 6 đổi máy mới);
``scam`` the scam-safety menu (1 đã bị lừa, 2 giả công an, 3 ngân hàng, điện lực, 4 mã và đường
link, 5 đòi tiền gấp, 6 cảnh báo mới); ``money`` "Bác đã chuyển tiền, đọc mã hay cài gì cho họ
chưa?" (1 rồi, 2 chưa, 3 đã báo ngân hàng, 4 rút báo cáo); ``who`` "Người đó tự xưng là ai?"
(1 công an, cán bộ nhà nước, 2 ngân hàng, 3 điện lực, công ty nước, 4 nhà mạng, 5 giao hàng,
6 người thân, người quen, 7 mời việc làm, đầu tư, 8 người khác, hoặc không rõ); ``step`` a
tutorial or lesson step (1 done / nghe tiếp, 2 slower, 3 need help, 4 normal speed again, ``*``
repeat); ``restart`` the end of a tutorial (1 from the start, 0 another lesson, 9 main menu);
``review`` after a recording (1 keep, ``*`` listen back, 3 record again).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
by a native-level writer for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam –
Đà Nẵng, Nghệ Tĩnh; S = South), balanced across the three. Unlike a textbook answer, the rows
lean on what makes a hotline hard: fillers (ờ, à, ơ, ừ, dạ), particles (ạ, nhé, cơ, chứ, nhỉ,
hỉ, chớ, chơ, hè, nghen, nha, nè, đó, á), regional words (nỏ, khôn, mô, mô mà, răng, rứa, ni,
nớ, tê, chừ, mần, hắn, o, mệ, eng, cấy; hông, hổng, tui, ổng, bả, dzậy, giùm, xài, lộn, gạt,
kêu, coi, liền, hết trơn), self-corrections ("à nhầm", "à lộn", "à hông", "nỏ phải"),
rhetorical negatives ("đâu có", "có mô", "mô mà", "làm gì có", "ai mà …"), rhetorical
positives ("sao lại không", "chả lẽ lại không"), double negatives, answers given with a reason
("không, vì …"), paraphrases of an option instead of its words ("sổ khám bệnh trên điện thoại",
"nó giả làm thằng cháu tôi"), and hedges ("chắc vậy", "để tui coi", "nỏ biết mô"), which are
labelled ``?``. At ``yn`` the yes/no meaning is readable from the utterance alone (the label is
the caller's answer, not whether it is the right answer to the quiz). Numbers are said as people
read phone numbers: digit by digit in groups, or pairs as two-digit numbers (hăm = hai mươi,
băm = ba mươi, mốt = 1, tư = 4, lăm/nhăm = 5 after a tens word, linh/lẻ = a zero tens digit
after trăm, chục = ten), often with the caller correcting a group. About a tenth of the rows
(tag ``slip`` in a fourth field; they also sit under comment headers ending in ``slip``) imitate recogniser slips:
lost diacritics, ``[unk]`` for a word not recognised, repeated syllables; where the lost word
is the deciding one, the label is ``?``.

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
  https://nghengu.vn/tieng-nghe-cua-toi/tu-dien-nghe-an-987.html
- Huế (chi, mô, tê, răng, rứa, ni, nớ, ri; "mô mà" = "đâu có"; "khôn" = không; o, mệ):
  https://dembuon.vn/posts/4629
  https://hefc.edu.vn/chi-mo-la-gi.html
  https://mobo.vn/chi-rua-nghia-la-gi
  http://cuoocjsoongs1.blogspot.com/2013/05/ai-muon-hoc-tieng-hue-ne1.html
- Dialects of Vietnamese in general (Centre and South vocabulary):
  https://en.wikipedia.org/wiki/Vietnamese_language#Dialects
  https://vi.wikipedia.org/wiki/Phương_ngữ_tiếng_Việt
- South (hổng/hông, nghen, dzậy, tui, ổng, bả, lộn, xài, giùm/dùm, gạt, kêu, coi):
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

HELDOUT12 = """
# yes/no questions - North
N yn | vâng, có chứ ạ | yes
N yn | ừ, ừ đúng rồi, số ấy đấy | yes
N yn | có chứ, sao lại không, phải gọi ngay chứ | yes
N yn | chả lẽ lại không, mình phải giữ lại chứ | yes
N yn | rồi, tôi làm xong từ hôm qua rồi | yes
N yn | ơ thế thì học tiếp đi | yes
N yn | nên chứ cô, ghi ra giấy cho khỏi quên | yes
N yn | phải, nó bảo giữ bí mật là lừa rồi còn gì | yes
N yn | chả dại gì mà đọc | no
N yn | làm gì có chuyện công an bắt chuyển tiền | no
N yn | không, không bao giờ | no
N yn | không nên, vì nó lừa đấy | no
N yn | không phải, số ấy sai rồi, cuối là tám cơ | no
N yn | ơ, chưa, tôi chưa làm gì cả | no
N yn | đâu có, bệnh viện ai lại thế | no
N yn | có... à nhầm, không, không nên trả | no
N yn | xóa làm gì, để đấy làm bằng chứng | no
N yn | để tôi nghĩ đã | ?
N yn | cái này thì tôi chịu, không biết | ?
N yn | cô nói lại câu hỏi hộ tôi cái | repeat
N yn | thôi cho tôi về mục chính | main_menu
N yn | tôi muốn nói chuyện với người thật cơ | volunteer
N yn | quay lại cái lúc nãy đi | back

# yes/no questions - Centre
C yn | có chơ, răng lại không | yes
C yn | dạ phải, đúng số đó | yes
C yn | rứa thì nên gọi liền chớ | yes
C yn | ừ, nên hủy đi hỉ | yes
C yn | dạ rồi, tui mần xong rồi | yes
C yn | học tiếp bài ni đi o | yes
C yn | hắn giả được hết chơ, có thể lắm | yes
C yn | đúng rồi hỉ, ai hỏi mã là lừa | yes
C yn | không... à có, có nên | yes
C yn | nỏ, nỏ có | no
C yn | có mô, công an thật nỏ khi mô làm rứa | no
C yn | mô mà, ai lại đi đọc số thẻ | no
C yn | khôn, khôn đọc mô | no
C yn | dạ không phải, o đọc sai rồi | no
C yn | tui chưa, chưa mần chi hết | no
C yn | đừng có xóa, giữ lại mà đưa công an | no
C yn | trả chi mà trả, nỏ trả | no
C yn | chừ tính răng hè... thôi, không | no
C yn | mần răng mà biết được | ?
C yn | để tui coi đã | ?
C yn | nỏ biết mô | ?
C yn | eng nói lại cho tui nghe với | repeat
C yn | cho mệ gặp người nói chuyện trực tiếp | volunteer
C yn | thôi về cấy mục chính | main_menu

# yes/no questions - South
S yn | ờ có, có đó cưng | yes
S yn | có chớ sao hông | yes
S yn | dạ phải, số đó đó | yes
S yn | rồi, tui mần rồi | yes
S yn | nên chớ, phải kêu liền | yes
S yn | có thể lắm chớ, tụi nó giả hoài | yes
S yn | dạ hổng... à lộn, dạ có | yes
S yn | hổng phải là hổng nên, phải làm liền đó | yes
S yn | học tiếp nghen | yes
S yn | hổng có đâu | no
S yn | đâu có được, ai mà chuyển | no
S yn | ai mà đi quét cái đó | no
S yn | hông phải, cô đọc lộn rồi | no
S yn | chưa, tui chưa làm gì hết trơn | no
S yn | làm gì có chuyện đó | no
S yn | hổng nên, mình tự kêu số trên thẻ | no
S yn | ờ... mà thôi, hông | no
S yn | đâu có bao giờ | no
S yn | hổng biết nữa | ?
S yn | chắc dzậy | ?
S yn | nói lại coi, tui nghe hổng kịp | repeat
S yn | cho tui nói chuyện với người thiệt đi | volunteer
S yn | về cái mục chính đi con | main_menu
S yn | quay lại cái hồi nãy | back

# yes/no - North - slip
N yn | co a | yes | slip
N yn | khong khong | no | slip
N yn | [unk] nên ạ | ? | slip

# yes/no - Centre - slip
C yn | nỏ nỏ nỏ có | no | slip
C yn | co cho | yes | slip
C yn | dạ [unk] | ? | slip

# yes/no - South - slip
S yn | hong hong co | no | slip
S yn | da phai | yes | slip
S yn | [unk] phải | ? | slip

# digits - North
N dg | số không chín một ba, bốn năm sáu, bảy tám chín ạ | dg:0913456789
N dg | không chín tám, hăm mốt, ba tư, năm sáu bảy | dg:0982134567
N dg | mã số là bốn hai bảy, không không chín | dg:427009
N dg | một trăm linh năm, hai trăm ba mươi | dg:105230
N dg | không chín không, à nhầm, không chín một, hai hai ba, bốn bốn năm sáu | dg:0912234456
N dg | số nó là không chín tám mấy ấy, tôi không nhớ hết | ?
N dg | không ba tám tám, sáu chín, không hai, mười lăm | dg:0388690215
N dg | ba mươi mốt, bốn mươi tư, năm mươi lăm | dg:314455
N dg | mã là... chín bảy, sáu năm, bốn ba | dg:976543
N dg | không tám sáu, tám tám tám, chín chín chín, một | dg:0868889991
N dg | không chín bốn, ờ, hai... cái gì nữa nhỉ, bảy bảy | ?
N dg | số máy bàn ạ, không hai bốn, ba tám, năm hai, sáu một, không chín | dg:02438526109
N dg | không chín một hai, một trăm hai ba, bốn trăm năm sáu | dg:0912123456
N dg | số một một ba ấy mà | dg:113
N dg | sáu số: hai, không, không, bảy, một, tám | dg:200718
N dg | không chín sáu, bảy tám, ba ba, hai hai, một | dg:0967833221
N dg | bốn trăm linh tư, sáu trăm bảy mươi | dg:404670

# digits - Centre
C dg | số hắn là không chín ba năm, một hai ba, bốn năm sáu | dg:0935123456
C dg | không chín không năm, hăm hai, băm ba, bốn tư | dg:0905223344
C dg | mã số tê là chín chín, tám tám, bảy bảy | dg:998877
C dg | ờ, o đọc nghe: không ba chín, sáu bảy, tám chín, không một, hai | dg:0396789012
C dg | mệ nhớ mỗi đầu không chín mốt, còn mấy số sau mệ nỏ nhớ | ?
C dg | không tám tám, sáu trăm hăm lăm, bốn bốn chín tám | dg:0886254498
C dg | không chín bảy, à nỏ phải, không chín tám, năm năm năm, sáu sáu sáu sáu | dg:0985556666
C dg | một trăm lẻ một, hai trăm lẻ hai | dg:101202
C dg | số ni: không hai ba tư, ba tám, sáu một, năm không chín | dg:02343861509
C dg | hai chục, ba chục, bốn chục | dg:203040
C dg | không ba hai, mười, hăm, băm, bốn | dg:0321020304
C dg | chừ tui đọc: sáu năm bốn, ba hai một | dg:654321
C dg | không chín một, bảy, ờ, mấy hè... thôi để tui tìm lại tờ giấy | ?
C dg | số nớ là không tám chín, tám trăm tám mươi tám, sáu bảy, ba hai | dg:0898886732
C dg | năm trăm năm mươi lăm, một trăm mười một | dg:555111
C dg | không bảy không, ba bốn, à nhầm, ba năm, sáu sáu, tám tám, chín | dg:0703566889

# digits - South
S dg | số ổng là không chín bảy, hăm ba, bốn lăm, sáu bảy tám | dg:0972345678
S dg | không tám ba, băm mốt, bốn chục, hăm tư, năm | dg:0833140245
S dg | mã số là một trăm lẻ tám, chín trăm lẻ chín | dg:108909
S dg | hổng nhớ nữa cô ơi, con nhỏ nó ghi giấy mà tui làm mất rồi | ?
S dg | không chín không, ba ba ba, bảy bảy bảy, lộn, bảy bảy tám, một | dg:0903337781
S dg | mười hai, ba tư, năm sáu | dg:123456
S dg | không ba bảy, sáu trăm lẻ năm, tám tám chín hai | dg:0376058892
S dg | số đó nè: không tám bốn, à hông, không tám một, hăm hai, băm ba, bốn bốn, năm | dg:0812233445
S dg | sáu chữ số hả? chín, tám, bảy, không, không, một | dg:987001
S dg | ờ số nó là không chín sáu chín... mấy số sau tui quên mất tiêu rồi | ?
S dg | không hai tám, ba chín hai chín, bảy bảy năm năm | dg:02839297755
S dg | bảy trăm bảy mươi bảy, ba trăm lẻ ba | dg:777303
S dg | không chín ba tám, tám sáu, tám sáu, không không | dg:0938868600
S dg | không sáu... à hông, không chín sáu, năm năm, bốn bốn, ba ba, hai | dg:0965544332
S dg | một chín không không, năm năm, bốn lăm | dg:19005545
S dg | không bảy chín, hăm tám, sáu chục, bốn mươi mốt, hai | dg:0792860412

# digits - North - slip
N dg | khong chin mot, hai ba bon, nam sau bay tam | dg:0912345678 | slip
N dg | không chín [unk], ba ba, bốn bốn, năm năm | ? | slip

# digits - Centre - slip
C dg | khong chin ba nam, mot mot, hai hai, ba ba | dg:0935112233 | slip
C dg | không chín không năm, [unk] hai, ba ba, bốn bốn | ? | slip

# digits - South - slip
S dg | khong tam ba, ham mot, bon bon, nam sau bay | dg:0832144567 | slip
S dg | không chín bảy, hăm [unk], ba ba, bốn bốn năm | ? | slip

# main menu - North
N main | tôi muốn học dùng cái điện thoại | opt:1
N main | cho tôi nghe cách phòng bọn lừa đảo | opt:2
N main | tôi vừa bị lừa mất tiền | opt:3
N main | có cái số lạ gọi cho tôi, muốn hỏi xem số ấy thế nào | opt:4
N main | cho tôi gặp người nói chuyện | opt:5
N main | ấn số hai | opt:2
N main | cái thứ tư ấy | opt:4
N main | chưa nghe rõ, đọc lại hộ cái | repeat
N main | ờ... để tôi xem đã | ?

# main menu - Centre
C main | mệ muốn học cách dùng điện thoại | opt:1
C main | làm răng cho khỏi bị lừa | opt:2
C main | tui bị lừa rồi o ơi | opt:3
C main | tui bấm số ba hỉ | opt:3
C main | coi giùm cấy số lạ ni là của ai | opt:4
C main | cho tui nói chuyện với người giúp | opt:5
C main | cấy cuối cùng á | opt:5
C main | nói lại đi, tui nỏ nghe | repeat
C main | mần răng chừ... tui nỏ biết chọn cấy mô | ?

# main menu - South
S main | tui muốn học xài điện thoại | opt:1
S main | chỉ tui cách tránh bị gạt | opt:2
S main | tui mới bị tụi nó gạt | opt:3
S main | tui muốn báo cái vụ lừa đảo | opt:3
S main | kiểm tra cái số lạ giùm tui | opt:4
S main | bấm một, à lộn, bấm bốn | opt:4
S main | cho tui gặp người thiệt nha | opt:5
S main | cái số hai đó | opt:2
S main | ờ cái gì... nói lại coi | repeat
S main | hổng biết nữa, để tui coi | ?

# main menu - slip
N main | bam bam hai | opt:2 | slip
S main | kiem tra so la | opt:4 | slip

# tutorials menu - North
N tut | tôi muốn học cài cái ứng dụng | opt:1
N tut | làm cái căn cước điện tử ấy | opt:2
N tut | sổ khám bệnh trên điện thoại | opt:3
N tut | trả tiền điện | opt:4
N tut | làm giấy tờ trên mạng, khai sinh cho cháu | opt:5
N tut | tôi mới mua máy mới | opt:6
N tut | quay lại đi | back
N tut | thôi về mục chính | main_menu

# tutorials menu - Centre
C tut | cài cấy app vô máy | opt:1
C tut | tạo cấy vê nê i đê | opt:2
C tut | sổ sức khỏe hỉ | opt:3
C tut | tiền nước tháng ni | opt:4
C tut | nộp hồ sơ trên mạng | opt:5
C tut | tui đổi điện thoại mới rồi, chừ mần răng | opt:6
C tut | nói lại đi o | repeat
C tut | cấy mô cũng được | ?

# tutorials menu - South
S tut | tui muốn tải ứng dụng về máy | opt:1
S tut | cái vi nê ai đi | opt:2
S tut | sổ khám bệnh | opt:3
S tut | đóng tiền điện | opt:4
S tut | cái dịch vụ công | opt:5
S tut | máy mới mua đó | opt:6
S tut | trở ra | back
S tut | hổng biết chọn cái nào | ?

# tutorials menu - slip
C tut | doi may moi | opt:6 | slip

# scam menu - North
N scam | tôi bị lừa rồi | opt:1
N scam | có đứa giả công an gọi tôi | opt:2
N scam | giả điện lực đòi cắt điện | opt:3
N scam | mấy cái tin nhắn có đường link | opt:4
N scam | nó bảo cháu cấp cứu cần tiền ngay | opt:5
N scam | có tin gì mới không | opt:6
N scam | lùi lại | back
N scam | thôi về mục chính | main_menu

# scam menu - Centre
C scam | tui lỡ chuyển tiền rồi | opt:1
C scam | hắn xưng công an | opt:2
C scam | ngân hàng gọi nói khóa tài khoản | opt:3
C scam | cấy mã OTP | opt:4
C scam | số ba, à nhầm, số bốn | opt:4
C scam | hắn hối chuyển tiền liền | opt:5
C scam | có chi mới không o | opt:6
C scam | nói lại | repeat

# scam menu - South
S scam | tui bị gạt mất tiền rồi | opt:1
S scam | mấy đứa giả làm công an đó | opt:2
S scam | bên điện lực gọi đòi tiền | opt:3
S scam | cái link với mấy cái mã | opt:4
S scam | người ta gọi nói con tui bị tai nạn | opt:5
S scam | mới có vụ gì hông | opt:6
S scam | nói lại giùm | repeat
S scam | hổng biết nữa, cái nào cũng sợ | ?

# scam menu - slip
C scam | gia gia cong an | opt:2 | slip

# money - North
N money | rồi, chuyển mất năm triệu rồi | opt:1
N money | tôi đọc cho nó cái mã trong tin nhắn rồi | opt:1
N money | chưa, tôi chưa đưa gì cả | opt:2
N money | chưa kịp, tôi cúp máy luôn | opt:2
N money | đâu có, tôi có đưa gì đâu | opt:2
N money | tôi gọi ngân hàng rồi | opt:3
N money | tôi muốn rút cái báo cáo hôm trước | opt:4

# money - Centre
C money | rồi, mệ lỡ chuyển rồi | opt:1
C money | tui cài cấy app hắn bảo rồi | opt:1
C money | chưa, chưa chi hết | opt:2
C money | nỏ có chuyển chi mô | opt:2
C money | báo ngân hàng rồi, khóa thẻ rồi | opt:3
C money | rút lại cấy báo cáo | opt:4
C money | để tui nhớ coi... | ?

# money - South
S money | rồi, tui chuyển cho nó hai chục triệu | opt:1
S money | tui đọc mấy số trong tin nhắn cho nó rồi | opt:1
S money | chưa, hổng có đưa gì hết | opt:2
S money | đâu có, tui cúp máy liền | opt:2
S money | tui có kêu ngân hàng khóa rồi | opt:3
S money | tui muốn rút lại cái báo cáo | opt:4
S money | hổng nhớ có đọc hông nữa | ?
S money | nói lại coi | repeat

# money - slip
N money | chưa chưa chưa | opt:2 | slip
S money | roi roi tui chuyen roi | opt:1 | slip

# who - North
N who | nó bảo nó là công an phường | opt:1
N who | bên thuế gọi | opt:1
N who | người của ngân hàng | opt:2
N who | nhân viên Viettel | opt:4
N who | shipper giao hàng | opt:5
N who | nó giả làm thằng cháu tôi | opt:6
N who | bảo đầu tư lãi cao lắm | opt:7
N who | tôi không nhớ nữa | opt:8

# who - Centre
C who | cán bộ xã | opt:1
C who | cấy ông ở ngân hàng | opt:2
C who | hắn xưng là bên điện lực | opt:3
C who | bên nước, nói nợ tiền nước | opt:3
C who | người bên nhà mạng | opt:4
C who | hắn nói có bưu phẩm gửi cho tui | opt:5
C who | hắn xưng là bạn của con tui | opt:6
C who | hắn nói tuyển người làm việc ở nhà | opt:7
C who | nỏ biết hắn là ai | opt:8

# who - South
S who | ổng nói ổng là công an | opt:1
S who | bên bảo hiểm xã hội | opt:1
S who | bên ngân hàng gọi | opt:2
S who | bả nói bả bên điện lực | opt:3
S who | mạng Vina gì đó | opt:4
S who | thằng giao hàng | opt:5
S who | nó nói nó là thằng cháu ở Sài Gòn | opt:6
S who | mấy đứa rủ làm cộng tác viên online | opt:7
S who | hổng rõ nữa | opt:8

# who - slip
N who | cong an | opt:1 | slip
C who | nha mang | opt:4 | slip
S who | giao giao hàng | opt:5 | slip

# step - North
N step | tôi làm xong rồi đấy | opt:1
N step | được rồi, tiếp đi | opt:1
N step | chậm chậm thôi | opt:2
N step | tôi không tìm thấy cái nút ấy | opt:3
N step | nói nhanh như lúc nãy được rồi | opt:4
N step | khoan đã, chưa xong | notyet
N step | từ từ đã, để tôi đeo kính | notyet
N step | nói lại bước vừa rồi | repeat

# step - Centre
C step | xong rồi o | opt:1
C step | rồi, tới bước sau đi | opt:1
C step | nói chầm chậm thôi | opt:2
C step | mần nỏ được | opt:3
C step | tui nỏ thấy cấy chữ đăng ký mô hết | opt:3
C step | nói nhanh lại như cũ | opt:4
C step | đợi tí, chưa xong mô | notyet
C step | nói lại coi | repeat

# step - South
S step | xong rồi nè | opt:1
S step | nói chậm chậm giùm | opt:2
S step | hổng được, tui bấm hoài hổng ra | opt:3
S step | tui hổng thấy cái hình đó đâu hết | opt:3
S step | nói mau như hồi nãy | opt:4
S step | đợi chút xíu, chưa xong | notyet
S step | nói lại cái bước đó đi | repeat
S step | hông biết xong chưa nữa | ?

# step - slip
N step | xong xong rồi | opt:1 | slip
C step | cham cham thoi | opt:2 | slip
S step | [unk] xong | ? | slip

# restart - North
N restart | nghe lại cả bài từ đầu | opt:1
N restart | bài khác đi | back
N restart | về cái mục chính | main_menu
N restart | tôi chưa biết nữa | ?

# restart - Centre
C restart | học lại từ đầu hỉ | opt:1
C restart | cho tui bài khác | back
C restart | về mục chính | main_menu
C restart | thôi, rứa là được rồi | ?

# restart - South
S restart | làm lại từ đầu | opt:1
S restart | bài khác nghen | back
S restart | về mục chính nghen | main_menu
S restart | bấm chín | main_menu

# restart - slip
C restart | cho bai khac | back | slip

# review - North
N review | giữ lại | opt:1
N review | cho tôi nghe lại cái tôi vừa kể | opt:2
N review | để tôi kể lại | opt:3
N review | không giữ | neg:1
N review | nói lại mấy cái lựa chọn | repeat

# review - Centre
C review | giữ đi | opt:1
C review | cho tui nghe lại lời tui kể | opt:2
C review | kể lại từ đầu | opt:3
C review | đừng giữ | neg:1
C review | nói chi lại | ?

# review - South
S review | giữ dzậy được rồi | opt:1
S review | nghe lại cái tui mới nói | opt:2
S review | tui kể lại từ đầu | opt:3
S review | thôi khỏi giữ | neg:1
S review | mấy cái chọn là gì, nói lại coi | repeat

# review - slip
N review | giu lai | opt:1 | slip
S review | ke lai | opt:3 | slip
"""
