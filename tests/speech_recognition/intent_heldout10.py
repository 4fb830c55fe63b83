"""Tenth held-out table of spoken answers for the intent parser (Công Dân Số hotline).

Written independently, without reading the parser (``speech/``), its vocabulary (the ``words:``
lists and the ``speech:`` section of the prompts), the benchmark, or the rows of any earlier
table, and never run through the parser while it was written: it measures, it is not tuned on.
Only what the caller hears was used: the ``prompt:`` and ``say:`` texts, the option keys and the
``messages:`` of ``prompts/flow.yaml`` and ``prompts/nodes/*.yaml`` (main menu, tutorials menu,
scam-safety menu, the money question, who the caller claimed to be, a tutorial step, the end of
a tutorial, the recording review), plus yes/no questions (resume offer, quiz, number read-back,
"Bác đã … chưa?") and numbers said aloud (a phone number or a 6-digit report reference).

Method: each row is what an elderly or low-literacy caller plausibly says on the phone, written
by a native-level writer for the three dialect areas (N = North; C = Centre: Huế, Quảng Nam –
Đà Nẵng, Nghệ Tĩnh; S = South), aiming at the mix a real hotline hears: mostly short answers,
many of them simply repeating the words of the option just heard ("cài ứng dụng", "bấm hai"),
with particles (ạ, nhé, nha, nghen, chớ, mà, đó, tê, hỉ) and regional words; a minority of
longer answers that tell a short story around the choice, hesitate, or correct themselves
("à nhầm", "à lộn", "à không"); a few rhetorical negatives ("ai mà đưa", "dại gì mà đưa").
The expected label is what a careful human operator would take the caller to mean; where the
deciding word is lost or the caller hedges, the label is ``?`` (ask again). At a yes/no
question the yes/no meaning is readable from the utterance alone (a quiz answer is labelled by
what the caller says, "không nên" = no, not by whether it is the right answer). Numbers are
said as people read phone numbers: digit by digit in groups, or pairs as two-digit numbers
(hăm = hai mươi, băm = ba mươi, mốt = 1, tư = 4, lăm/nhăm = 5 after a tens word, linh/lẻ = a
zero tens digit after trăm or a hundreds digit, chục = ten), with self-corrections where the
corrected group replaces the wrong one. About a tenth of the rows (tag ``slip``) imitate
recogniser slips: lost diacritics, ``[unk]`` for a word not recognised, repeated syllables.

Row format: ``REGION CONTEXT | utterance | label`` or ``... | label | slip``.
Contexts: yn (yes/no question), dg (number said aloud), main, tut, scam, money, who, step,
restart, review.

Labels: yn: yes, no, repeat, back, main_menu, volunteer (asks for a person), ?. dg: ``dg:<digits>``
or ?. Menus: ``opt:K`` as numbered in the yaml, plus repeat, back, main_menu, ?. At the main menu,
"a person" is its option 5, not ``volunteer``. At the question "Người đó tự xưng là ai?",
"không nhớ / không rõ" is option 8 ("người khác, hoặc không rõ"). At the money question, having
installed what the caller was told to (or read the code, or transferred) is option 1, "chưa" is
option 2. At a tutorial step: 1 done, 2 slower, 3 need help, ``notyet`` = still doing it, ``*``
= repeat. At the end of a tutorial: 1 from the start = ``opt:1``, 0 another lesson = ``back``,
9 main menu = ``main_menu``. At the recording review: 1 keep/send, 2 listen back (``opt:2``),
3 record again; ``neg:1`` = a refusal of option 1 ("đừng gửi", "không giữ") with no other choice.

Sources for the regional forms (public):
- Centre / Nghệ Tĩnh (mô, tê, răng, rứa, nỏ, ni, nớ, chừ/dừ, mần, hắn, cấy, khôn):
  https://nghengu.vn/tu-dien-tieng-nghe/cac-tu-tieng-nghe-an-1073.html
  https://beta.voh.com.vn/song-dep/nhung-cau-noi-nghe-an-kho-hieu-564712.html
  https://diendan.hocluat.vn/viewtopic.php?t=11357
  https://nghengu.vn/tieng-nghe-cua-toi/tu-dien-nghe-an-987.html
- Dialects of Vietnamese in general (Centre and South vocabulary, Huế "o", Quảng Nam "dị"):
  https://en.wikipedia.org/wiki/Vietnamese_language#Dialects
  https://vi.wikipedia.org/wiki/Phương_ngữ_tiếng_Việt
- South (hổng/hông, nghen, ừa, tui, ổng, lộn, trật, xài, coi, kêu, giùm/dùm):
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

HELDOUT10 = """
# ---- yes/no questions: North ----
N yn | có | yes
N yn | vâng | yes
N yn | vâng ạ, học tiếp | yes
N yn | đúng rồi | yes
N yn | ừ, đúng số ấy | yes
N yn | có chứ | yes
N yn | nên chứ, phải gọi hỏi con cháu cho chắc chứ | yes
N yn | rồi, tôi làm rồi | yes
N yn | phải | yes
N yn | ừ học tiếp đi | yes
N yn | không... à có, đúng rồi | yes
N yn | không | no
N yn | không nên | no
N yn | không đâu, đọc cho nó thì mất hết tiền | no
N yn | sai rồi, số cuối là bốn cơ | no
N yn | chưa, chưa làm | no
N yn | thôi, hôm nay không học nữa | no
N yn | chẳng dại gì mà đưa | no
N yn | không phải số ấy | no
N yn | có... à không, không nên | no
N yn | nói lại đi, tôi chưa nghe rõ | repeat
N yn | câu hỏi là gì cơ | repeat
N yn | quay lại | back
N yn | về mục chính | main_menu
N yn | cho tôi nói chuyện với người thật | volunteer
N yn | ờ... tôi cũng chả biết nữa | ?
N yn | có lẽ... chắc là... | ?
N yn | co | yes | slip
N yn | [unk] nên | ? | slip
N yn | khong khong | no | slip
# ---- yes/no questions: Centre ----
C yn | có o | yes
C yn | dạ có | yes
C yn | ừ, rứa đó | yes
C yn | đúng rồi, số nớ đó | yes
C yn | học tiếp | yes
C yn | rồi, tui mần rồi | yes
C yn | nên chớ | yes
C yn | phải rồi o | yes
C yn | chớ răng nữa, có chớ | yes
C yn | ờ, học tiếp dị | yes
C yn | không, không đâu | no
C yn | khôn | no
C yn | nỏ nên | no
C yn | nỏ phải số nớ | no
C yn | chưa, chưa mần chi hết | no
C yn | không nên mô | no
C yn | sai rồi, không phải tám mà là sáu | no
C yn | thôi, khi khác học | no
C yn | hôm bữa hắn gọi xin mã, tui nỏ đưa, ai mà đưa cho hắn | no
C yn | có... à không, không phải | no
C yn | răng? nói lại coi | repeat
C yn | o nói chậm lại, tui nghe nỏ rõ | repeat
C yn | trở lại | back
C yn | về cái mục chính đi | main_menu
C yn | cho tui gặp người thiệt, nói với máy tui nỏ hiểu | volunteer
C yn | ờ... răng hè... để tui nghĩ đã | ?
C yn | chắc rứa... mà cũng nỏ chắc | ?
C yn | khong nen | no | slip
C yn | dung roi | yes | slip
C yn | [unk] phải | ? | slip
# ---- yes/no questions: South ----
S yn | dạ, có | yes
S yn | có nha | yes
S yn | ừa | yes
S yn | đúng rồi đó | yes
S yn | phải rồi, số đó đó | yes
S yn | học tiếp nghen | yes
S yn | rồi, tui làm rồi | yes
S yn | nên chớ sao hổng nên | yes
S yn | có chớ | yes
S yn | ờ, được | yes
S yn | hổng... à có, có đó | yes
S yn | hông | no
S yn | hổng có | no
S yn | hổng nên đâu | no
S yn | chưa, tui chưa làm | no
S yn | trật rồi, số đó hổng phải | no
S yn | thôi, bữa khác học | no
S yn | bữa trước thằng cháu dặn rồi, hổng có đưa mã cho ai hết, dại gì mà đưa | no
S yn | không phải, tui nói số chín chớ hổng phải số năm | no
S yn | ờ, có... à lộn, hổng có | no
S yn | hả? nói lại đi | repeat
S yn | cái gì? tui nghe hổng kịp | repeat
S yn | trở lại đi | back
S yn | về mục chính nghen | main_menu
S yn | cho tui gặp tình nguyện viên | volunteer
S yn | ờ... hổng biết nữa | ?
S yn | chắc vậy... mà hổng chắc | ?
S yn | hong nen | no | slip
S yn | dạ co | yes | slip
S yn | [unk] có | ? | slip
# ---- numbers said aloud: North ----
N dg | không chín một hai, ba bốn năm, sáu bảy tám | dg:0912345678
N dg | không chín tám bảy, sáu năm bốn, ba hai một | dg:0987654321
N dg | không ba tám chín, hai mươi mốt, ba mươi tư, năm mươi sáu | dg:0389213456
N dg | mã số là một hai ba, bốn năm sáu ạ | dg:123456
N dg | không chín không bốn, bẩy bẩy, tám tám, chín chín | dg:0904778899
N dg | số nó là không tám sáu tám, à nhầm, không tám sáu chín, một một hai, ba ba bốn | dg:0869112334
N dg | hăm mốt, băm hai, bốn mươi lăm | dg:213245
N dg | mười tám, hai mươi lăm, chín mươi chín | dg:182599
N dg | không ba năm hai, một trăm linh năm, sáu tám chín | dg:0352105689
N dg | khong chin mot ba, bon bon bon, hai hai hai | dg:0913444222 | slip
N dg | [unk] chín tám, bốn bốn, năm sáu bảy, tám chín | ? | slip
N dg | số lạ đó là không chín bảy, ba hai không, tám tám một năm | dg:0973208815
N dg | ba không không, bẩy linh một | dg:300701
N dg | tôi không nhớ số, nó gọi số lạ lắm | ?
N dg | không bảy không, tám chín, sáu năm, bốn ba hai | dg:0708965432
# ---- numbers said aloud: Centre ----
C dg | số hắn là không chín bốn, hai hai, ba ba, bốn bốn năm | dg:0942233445
C dg | mã số ri: bốn lẻ bảy, hai lẻ chín | dg:407209
C dg | không ba chín tám, mười một, hăm hai, băm ba | dg:0398112233
C dg | không tám một hai, sáu sáu bảy, bảy tám tám | dg:0812667788
C dg | không chín không, năm năm, một hai ba, bốn sáu nghe | dg:0905512346
C dg | sáu chục, bảy chục, tám chục | dg:607080
C dg | số nớ là không ba năm, bảy bảy chín, không một hai hai | dg:0357790122
C dg | khong chin sau, mot mot hai, hai ba ba, bon | dg:0961122334 | slip
C dg | mười lăm, hai mươi lăm, ba mươi lăm | dg:152535
C dg | không chín một... [unk]... ba ba sáu tám | ? | slip
C dg | tui nhớ mang máng thôi, không chín chín chi đó, còn lại nỏ nhớ | ?
C dg | không bảy chín, tám tám tám, hai năm, bảy chín | dg:0798882579
C dg | chín trăm lẻ tám, ba trăm mười hai | dg:908312
C dg | không tám bốn, hăm nhăm, băm sáu, bốn bảy tám | dg:0842536478
C dg | cấy số nớ là không chín tám, à nhầm, không chín bảy, một hai ba, bốn năm sáu bảy | dg:0971234567
# ---- numbers said aloud: South ----
S dg | số nè: không chín ba, ba sáu tám, hai không năm một | dg:0933682051
S dg | không bảy sáu, tám tám, bốn mươi mốt, chín chín không | dg:0768841990
S dg | hai mươi bảy, ba mươi mốt, tám mươi tư | dg:273184
S dg | không chín không tám, một hai, hai ba, bốn năm | dg:0908122345
S dg | không tám ba, năm năm năm, sáu bảy... lộn, bảy sáu tám chín | dg:0835557689
S dg | khong chin bay, tam tam, chin chin, mot hai ba | dg:0978899123 | slip
S dg | một trăm lẻ hai, hai trăm lẻ ba | dg:102203
S dg | tui hổng nhớ số, nó gọi rồi tui xóa mất tiêu rồi | ?
S dg | không ba hai, bốn bốn, năm lăm, sáu sáu bảy | dg:0324455667
S dg | không năm sáu, bảy tám, chín không, một hai ba | dg:0567890123
S dg | mã số báo cáo là... bốn năm, sáu bảy, tám [unk] | ? | slip
S dg | chín chín, tám tám, bảy bảy nghen | dg:998877
S dg | không chín bốn, hai hai... à hổng phải, ba ba, bảy bảy, tám tám chín | dg:0943377889
S dg | không tám sáu, một trăm hai mươi, ba tám, bốn bảy | dg:0861203847
S dg | số đó không chín bảy, tám tám tám, chín chín chín, hay chín chín tám gì đó, hổng chắc | ?
# ---- main menu ----
N main | học dùng điện thoại | opt:1
N main | bấm hai | opt:2
N main | tôi muốn báo lừa đảo ạ | opt:3
N main | kiểm tra số lạ | opt:4
N main | cho tôi gặp người thật, tôi không nghe máy nói được | opt:5
N main | hôm qua có đứa gọi bảo tôi trúng thưởng, tôi muốn xem cái số ấy có phải lừa không | opt:4
N main | số ba | opt:3
N main | học học dùng điện thoại | opt:1 | slip
C main | bấm một | opt:1
C main | tránh lừa đảo | opt:2
C main | tui bị lừa rồi, chừ báo mô đây | opt:3
C main | kiểm tra cấy số lạ | opt:4
C main | gặp tình nguyện viên | opt:5
C main | o nói lại chậm chậm cho tui nghe với | repeat
C main | cách tránh lừa đảo, số hai đó | opt:2
C main | ờ... răng hè... cấy chi đây | ?
C main | kiem tra so la | opt:4 | slip
S main | số một | opt:1
S main | học xài điện thoại | opt:1
S main | báo lừa đảo | opt:3
S main | cho tui nói chuyện với người thiệt đi | opt:5
S main | hổm rày có số lạ gọi hoài, tui muốn coi số đó | opt:4
S main | nói lại giùm cái | repeat
S main | bấm năm | opt:5
S main | tránh [unk] đảo | opt:2 | slip
# ---- tutorials menu ----
N tut | cài ứng dụng | opt:1
N tut | tạo VNeID | opt:2
N tut | đóng tiền điện | opt:4
N tut | sổ sức khỏe ạ | opt:3
N tut | dịch vụ công | opt:5
N tut | quay lại | back
N tut | tôi mới mua cái máy mới, con nó bảo phải chuyển cái định danh sang máy mới | opt:6
C tut | bấm sáu | opt:6
C tut | tiền điện nước | opt:4
C tut | cái định danh điện tử, mần răng để có | opt:2
C tut | về mục chính | main_menu
C tut | sổ khám bệnh điện tử đó | opt:3
C tut | cai ung dung | opt:1 | slip
C tut | ờ... chi cũng được | ?
S tut | bấm số ba | opt:3
S tut | đóng tiền nước | opt:4
S tut | tui muốn làm giấy tờ trên mạng, dịch vụ công đó | opt:5
S tut | cài cái ứng dụng | opt:1
S tut | hả? mấy số đó nói lại coi | repeat
S tut | dich vu cong | opt:5 | slip
# ---- scam-safety menu ----
N scam | giả công an | opt:2
N scam | tôi bị lừa mất tiền rồi | opt:1
N scam | cái vụ đường link ấy | opt:4
N scam | cảnh báo mới | opt:6
N scam | có đứa gọi bảo con tôi đi cấp cứu, đòi chuyển tiền ngay | opt:5
N scam | nghe lại | repeat
N scam | ngan hang dien luc | opt:3 | slip
C scam | bấm bốn | opt:4
C scam | giả danh công an | opt:2
C scam | điện lực gọi đòi cắt điện đó | opt:3
C scam | đòi tiền gấp | opt:5
C scam | thôi quay lại | back
C scam | hắn xin cấy mã gửi về máy | opt:4
S scam | đã bị lừa | opt:1
S scam | mấy cái cảnh báo mới nhứt | opt:6
S scam | ngân hàng | opt:3
S scam | tụi nó giả công an kêu tui lên đồn | opt:2
S scam | ừm để tui nghĩ coi | ?
S scam | về mục chính đi | main_menu
S scam | giả công công an | opt:2 | slip
# ---- money question ----
N money | rồi | opt:1
N money | chưa, tôi chưa chuyển đồng nào | opt:2
N money | tôi chuyển cho nó hai triệu rồi | opt:1
N money | tôi báo ngân hàng rồi, họ khóa thẻ cho tôi rồi | opt:3
N money | chưa ạ, tôi cúp máy luôn | opt:2
N money | tôi muốn rút cái báo cáo hôm trước | opt:4
N money | nó bảo cài cái ứng dụng, tôi cài rồi | opt:1
N money | roi | opt:1 | slip
C money | rồi, mất ba triệu rồi o ơi | opt:1
C money | chưa, nỏ chuyển chi hết | opt:2
C money | tui đọc cái mã cho hắn rồi | opt:1
C money | đã báo ngân hàng | opt:3
C money | chua chua | opt:2 | slip
C money | răng? hỏi chi rứa? nói lại coi | repeat
C money | hắn biểu đọc mã, tui nghi nên... ờ... tui cũng nỏ nhớ có đọc chưa | ?
S money | dạ rồi | opt:1
S money | chưa có chuyển gì hết trơn | opt:2
S money | tui ra ngân hàng báo rồi | opt:3
S money | rút báo cáo | opt:4
S money | bấm hai | opt:2
S money | ổng kêu cài cái gì đó, tui cài vô rồi | opt:1
# ---- who the caller claimed to be ----
N who | công an | opt:1
N who | nó bảo là nhân viên ngân hàng | opt:2
N who | người giao hàng | opt:5
N who | nó xưng là cán bộ phường | opt:1
N who | nó giả làm thằng cháu tôi | opt:6
N who | tôi không nhớ nữa | opt:8
N who | nha mang | opt:4 | slip
C who | điện lực | opt:3
C who | hắn nói hắn bên Viettel | opt:4
C who | hắn mời đầu tư chi đó, lời nhiều lắm | opt:7
C who | bên công ty nước | opt:3
C who | nỏ biết hắn là ai | opt:8
C who | người quen | opt:6
S who | tụi nó nói bên ngân hàng | opt:2
S who | công an phường | opt:1
S who | con nhỏ đó kêu tui làm cộng tác viên, làm việc online | opt:7
S who | shipper giao hàng | opt:5
S who | nhà mạng, mạng điện thoại đó | opt:4
S who | hổng biết nữa, nó hổng nói | opt:8
S who | nói lại mấy cái đó coi | repeat
S who | ngân [unk] | opt:2 | slip
# ---- tutorial step ----
N step | xong | opt:1
N step | xong rồi | opt:1
N step | làm xong rồi ạ, tiếp đi | opt:1
N step | chậm thôi | opt:2
N step | nói chậm chậm thôi, tôi không theo kịp | opt:2
N step | tôi không làm được, cần người giúp | opt:3
N step | đợi tí, đang bấm | notyet
N step | chưa xong, từ từ đã | notyet
N step | nói lại bước này đi | repeat
N step | ơ nó hiện ra cái bảng gì đấy, tôi không biết bấm vào đâu | opt:3
N step | xong xong roi | opt:1 | slip
N step | về mục chính | main_menu
C step | rồi | opt:1
C step | xong rồi o | opt:1
C step | chậm lại chút | opt:2
C step | nói nhanh quá, tui nghe nỏ kịp | opt:2
C step | cần giúp | opt:3
C step | mần răng rứa, tui bấm hoài nỏ được | opt:3
C step | chờ chút, đang mần | notyet
C step | chưa, chưa | notyet
C step | nói lại | repeat
C step | cái chi? nói lại tê | repeat
C step | cham [unk] lai | opt:2 | slip
C step | ờ... rứa là... ừm | ?
S step | xong rồi nè | opt:1
S step | rồi, làm rồi | opt:1
S step | nói chậm chậm giùm | opt:2
S step | tui hổng biết làm, giúp tui với | opt:3
S step | đợi xíu, đang kiếm cái nút | notyet
S step | chưa xong | notyet
S step | nói lại coi | repeat
S step | bấm hai | opt:2
S step | ủa nó hiện chữ tiếng Anh, tui hổng đọc được, phải làm sao | opt:3
S step | xong roi | opt:1 | slip
S step | thôi về mục chính | main_menu
# ---- end of a tutorial ----
N restart | học lại từ đầu | opt:1
N restart | chọn bài khác | back
N restart | về mục chính | main_menu
N restart | hoc lai tu dau | opt:1 | slip
C restart | bấm một, học lại | opt:1
C restart | bài khác | back
C restart | nói lại coi | repeat
C restart | thôi, về mục chính | main_menu
S restart | làm lại từ đầu nghen | opt:1
S restart | bài khác đi | back
S restart | bấm chín | main_menu
S restart | ừm... thôi... để coi | ?
# ---- recording review ----
N review | giữ lại | opt:1
N review | gửi đi | opt:1
N review | cho tôi nghe lại cái vừa nói | opt:2
N review | kể lại từ đầu | opt:3
N review | đừng gửi vội | neg:1
C review | giữ | opt:1
C review | nghe lại thử coi tui nói răng | opt:2
C review | kể lại, lúc nãy tui nói lộn xộn quá | opt:3
C review | không gửi mô | neg:1
C review | giu loi ke | opt:1 | slip
S review | gửi luôn đi | opt:1
S review | cho tui nghe lại lời tui kể | opt:2
S review | thu lại | opt:3
S review | hổng giữ đâu | neg:1
S review | nói lại mấy lựa chọn đi | repeat
"""
