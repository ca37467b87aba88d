"""UAX #14 line breaking and column widths exactly as libunistring 1.0 does them.

GNU gettext 0.21 wraps PO strings with libunistring's ``ulc_width_linebreaks``
(the ``_v2`` entry points).  This module reproduces that: the break-opportunity
algorithm of ``u8_possible_linebreaks`` (UAX #14 pair table plus libunistring's
rules for spaces, combining marks, ZWJ, regional indicators and Hebrew+hyphen),
the greedy filling of ``u8_width_linebreaks`` and the column widths of
``uc_width`` for the "UTF-8" encoding.

The three tables below were extracted from the installed libunistring 1.0
(Debian package libunistring2 1.0-2, Unicode 14.0): ``_CLASSES`` from its
``unilbrkprop`` table, ``_PAIRS`` from ``unilbrk_table`` and ``_WIDTHS`` by
calling ``uc_width(c, "UTF-8")`` for every code point.  Classes are already
resolved the way libunistring resolves them for a non-CJK encoding (AI, SA, XX
and unlisted code points become AL; CB becomes ID).  Each token of ``_CLASSES``
is ``<first code point in hex><class>`` and holds up to the next token; each
token of ``_WIDTHS`` is ``<first code point in hex><width digit>``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

# Break values, as in libunistring's <unilbrk.h>.
UNDEFINED = 0
PROHIBITED = 1
POSSIBLE = 2
MANDATORY = 3
CR_BEFORE_LF = 5

# Class numbers are the row/column indexes of libunistring's pair table; the
# ones from 33 on are handled before the table is consulted.
_NAMES = (
    "WJ GL B2 BA BB HY CL CP C2 EX IN NS OP OW QU IS NU PO PR SY AL H2 H3 ID IP"
    " JL JV JT HL RI ZJ EB EM BK CR LF CM ZW SP"
).split()
_CLASS = {name: number for number, name in enumerate(_NAMES)}
HY, BA, AL, ID, HL, RI, ZWJ = (_CLASS[n] for n in "HY BA AL ID HL RI ZJ".split())
BK, CR, LF, CM, ZW, SP = (_CLASS[n] for n in "BK CR LF CM ZW SP".split())
_HL_BA = -1  # pseudo class: Hebrew letter followed by HY or BA (rule LB21a)

# Pair table: 1 = direct break, 2 = break only after spaces, 3 = never.
_PAIRS = """
322222333322222322232222222222222
322222333322222322232222222222222
323212333322112311131111111111111
311212333322112311131111111111111
322222333322222322232222222222222
311212333322112321131111111111111
321212333323112312231111111111111
321212333322112322232111111121211
321212333322112312231111111111111
321212333322112311131111111111111
321212333322112311131111111111111
321212333322112311131111111111111
333333333333333333333333333333333
333333333333333333333333333333333
322222333322332322232222222222222
321212333322112321131111111111111
321212333322212322232111111121211
321212333322222321132111111121211
321212333322222321132222222221222
321212333322112321131111111121111
321212333322212322232111111121211
321212333322112312131111112211111
321212333322112312131111111211111
321212333322112312131111111111111
321212333322112312131111111111112
321212333322112312131221122111111
321212333322112312131111112211111
321212333322112312131111111211111
321212333322212322232111111121211
321212333322112311131111111111111
321212333322212322232112211121222
321212333322112312131111111111112
321212333322112312131111111111111"""

_CLASSES = """
0CM 9BA aLF bBK dCR eCM 20SP 21EX 22QU 23AL 24PR 25PO 26AL 27QU 28OP
29CP 2aAL 2bPR 2cIS 2dHY 2eIS 2fSY 30NU 3aIS 3cAL 3fEX 40AL 5bOP 5cPR
5dCP 5eAL 7bOP 7cBA 7dCL 7eAL 7fCM 85BK 86CM a0GL a1OP a2PO a3PR a6AL
abQU acAL adBA aeAL b0PO b1PR b2AL b4BB b5AL bbQU bcAL bfOP c0AL 2c8BB
2c9AL 2ccBB 2cdAL 2dfBB 2e0AL 300CM 34fGL 350CM 35cGL 363CM 370AL 37eIS
37fAL 483CM 48aAL 589IS 58aBA 58bAL 58fPR 590AL 591CM 5beBA 5bfCM 5c0AL
5c1CM 5c3AL 5c4CM 5c6EX 5c7CM 5c8AL 5d0HL 5ebAL 5efHL 5f3AL 609PO 60cIS
60eAL 610CM 61bEX 61cCM 61dEX 620AL 64bCM 660NU 66aPO 66bNU 66dAL 670CM
671AL 6d4EX 6d5AL 6d6CM 6ddAL 6dfCM 6e5AL 6e7CM 6e9AL 6eaCM 6eeAL 6f0NU
6faAL 711CM 712AL 730CM 74bAL 7a6CM 7b1AL 7c0NU 7caAL 7ebCM 7f4AL 7f8IS
7f9EX 7faAL 7fdCM 7fePR 800AL 816CM 81aAL 81bCM 824AL 825CM 828AL 829CM
82eAL 859CM 85cAL 898CM 8a0AL 8caCM 8e2AL 8e3CM 904AL 93aCM 93dAL 93eCM
950AL 951CM 958AL 962CM 964BA 966NU 970AL 981CM 984AL 9bcCM 9bdAL 9beCM
9c5AL 9c7CM 9c9AL 9cbCM 9ceAL 9d7CM 9d8AL 9e2CM 9e4AL 9e6NU 9f0AL 9f2PO
9f4AL 9f9PO 9faAL 9fbPR 9fcAL 9feCM 9ffAL a01CM a04AL a3cCM a3dAL a3eCM
a43AL a47CM a49AL a4bCM a4eAL a51CM a52AL a66NU a70CM a72AL a75CM a76AL
a81CM a84AL abcCM abdAL abeCM ac6AL ac7CM acaAL acbCM aceAL ae2CM ae4AL
ae6NU af0AL af1PR af2AL afaCM b00AL b01CM b04AL b3cCM b3dAL b3eCM b45AL
b47CM b49AL b4bCM b4eAL b55CM b58AL b62CM b64AL b66NU b70AL b82CM b83AL
bbeCM bc3AL bc6CM bc9AL bcaCM bceAL bd7CM bd8AL be6NU bf0AL bf9PR bfaAL
c00CM c05AL c3cCM c3dAL c3eCM c45AL c46CM c49AL c4aCM c4eAL c55CM c57AL
c62CM c64AL c66NU c70AL c77BB c78AL c81CM c84BB c85AL cbcCM cbdAL cbeCM
cc5AL cc6CM cc9AL ccaCM cceAL cd5CM cd7AL ce2CM ce4AL ce6NU cf0AL d00CM
d04AL d3bCM d3dAL d3eCM d45AL d46CM d49AL d4aCM d4eAL d57CM d58AL d62CM
d64AL d66NU d70AL d79PO d7aAL d81CM d84AL dcaCM dcbAL dcfCM dd5AL dd6CM
dd7AL dd8CM de0AL de6NU df0AL df2CM df4AL e3fPR e40AL e50NU e5aBA e5cAL
ed0NU edaAL f01BB f05AL f06BB f08GL f09BB f0bBA f0cGL f0dEX f12GL f13AL
f14EX f15AL f18CM f1aAL f20NU f2aAL f34BA f35CM f36AL f37CM f38AL f39CM
f3aOP f3bCL f3cOP f3dCL f3eCM f40AL f71CM f7fBA f80CM f85BA f86CM f88AL
f8dCM f98AL f99CM fbdAL fbeBA fc0AL fc6CM fc7AL fd0BB fd2BA fd3BB fd4AL
fd9GL fdbAL 1040NU 104aBA 104cAL 1090NU 109aAL 1100JL 1160JV 11a8JT
1200AL 135dCM 1360AL 1361BA 1362AL 1400BA 1401AL 1680BA 1681AL 169bOP
169cCL 169dAL 16ebBA 16eeAL 1712CM 1716AL 1732CM 1735BA 1737AL 1752CM
1754AL 1772CM 1774AL 17d4BA 17d6NS 17d7AL 17d8BA 17d9AL 17daBA 17dbPR
17dcAL 17e0NU 17eaAL 1802EX 1804BA 1806BB 1807AL 1808EX 180aAL 180bCM
180eGL 180fCM 1810NU 181aAL 1885CM 1887AL 18a9CM 18aaAL 1920CM 192cAL
1930CM 193cAL 1944EX 1946NU 1950AL 19d0NU 19daAL 1a17CM 1a1cAL 1a7fCM
1a80NU 1a8aAL 1a90NU 1a9aAL 1ab0CM 1acfAL 1b00CM 1b05AL 1b34CM 1b45AL
1b50NU 1b5aBA 1b5cAL 1b5dBA 1b61AL 1b6bCM 1b74AL 1b7dBA 1b7fAL 1b80CM
1b83AL 1ba1CM 1baeAL 1bb0NU 1bbaAL 1be6CM 1bf4AL 1c24CM 1c38AL 1c3bBA
1c40NU 1c4aAL 1c50NU 1c5aAL 1c7eBA 1c80AL 1cd0CM 1cd3AL 1cd4CM 1ce9AL
1cedCM 1ceeAL 1cf4CM 1cf5AL 1cf7CM 1cfaAL 1dc0CM 1e00AL 1ffdBB 1ffeAL
2000BA 2007GL 2008BA 200bZW 200cCM 200dZJ 200eCM 2010BA 2011GL 2012BA
2014B2 2015AL 2018QU 201aOP 201bQU 201eOP 201fQU 2020AL 2024IN 2027BA
2028BK 202aCM 202fGL 2030PO 2038AL 2039QU 203bAL 203cNS 203eAL 2044IS
2045OP 2046CL 2047NS 204aAL 2056BA 2057AL 2058BA 205cAL 205dBA 2060WJ
2061AL 2066CM 2070AL 207dOP 207eCL 207fAL 208dOP 208eCL 208fAL 20a0PR
20a7PO 20a8PR 20b6PO 20b7PR 20bbPO 20bcPR 20bePO 20bfPR 20c0PO 20c1PR
20d0CM 20f1AL 2103PO 2104AL 2109PO 210aAL 2116PR 2117AL 2212PR 2214AL
22efIN 22f0AL 2308OP 2309CL 230aOP 230bCL 230cAL 231aID 231cAL 2329OW
232aCL 232bAL 23f0ID 23f4AL 2600ID 2604AL 2614ID 2616AL 2618ID 2619AL
261aID 261dEB 261eID 2620AL 2639ID 263cAL 2668ID 2669AL 267fID 2680AL
26bdID 26c9AL 26cdID 26ceAL 26cfID 26d2AL 26d3ID 26d5AL 26d8ID 26daAL
26dcID 26ddAL 26dfID 26e2AL 26eaID 26ebAL 26f1ID 26f6AL 26f7ID 26f9EB
26faID 26fbAL 26fdID 2705AL 2708ID 270aEB 270eAL 275bQU 2761AL 2762EX
2764ID 2765AL 2768OP 2769CL 276aOP 276bCL 276cOP 276dCL 276eOP 276fCL
2770OP 2771CL 2772OP 2773CL 2774OP 2775CL 2776AL 27c5OP 27c6CL 27c7AL
27e6OP 27e7CL 27e8OP 27e9CL 27eaOP 27ebCL 27ecOP 27edCL 27eeOP 27efCL
27f0AL 2983OP 2984CL 2985OP 2986CL 2987OP 2988CL 2989OP 298aCL 298bOP
298cCL 298dOP 298eCL 298fOP 2990CL 2991OP 2992CL 2993OP 2994CL 2995OP
2996CL 2997OP 2998CL 2999AL 29d8OP 29d9CL 29daOP 29dbCL 29dcAL 29fcOP
29fdCL 29feAL 2cefCM 2cf2AL 2cf9EX 2cfaBA 2cfdAL 2cfeEX 2cffBA 2d00AL
2d70BA 2d71AL 2d7fCM 2d80AL 2de0CM 2e00QU 2e0eBA 2e16AL 2e17BA 2e18OP
2e19BA 2e1aAL 2e1cQU 2e1eAL 2e20QU 2e22OP 2e23CL 2e24OP 2e25CL 2e26OP
2e27CL 2e28OP 2e29CL 2e2aBA 2e2eEX 2e2fAL 2e30BA 2e32AL 2e33BA 2e35AL
2e3aB2 2e3cBA 2e3fAL 2e40BA 2e42OP 2e43BA 2e4bAL 2e4cBA 2e4dAL 2e4eBA
2e50AL 2e53EX 2e55OP 2e56CL 2e57OP 2e58CL 2e59OP 2e5aCL 2e5bOP 2e5cCL
2e5dBA 2e5eAL 2e80ID 2e9aAL 2e9bID 2ef4AL 2f00ID 2fd6AL 2ff0ID 2ffcAL
3000BA 3001CL 3003ID 3005NS 3006ID 3008OW 3009CL 300aOW 300bCL 300cOW
300dCL 300eOW 300fCL 3010OW 3011CL 3012ID 3014OW 3015CL 3016OW 3017CL
3018OW 3019CL 301aOW 301bCL 301cNS 301dOW 301eCL 3020ID 302aCM 3030ID
3035CM 3036ID 303bNS 303dID 3040AL 3041NS 3042ID 3043NS 3044ID 3045NS
3046ID 3047NS 3048ID 3049NS 304aID 3063NS 3064ID 3083NS 3084ID 3085NS
3086ID 3087NS 3088ID 308eNS 308fID 3095NS 3097AL 3099CM 309bNS 309fID
30a0NS 30a2ID 30a3NS 30a4ID 30a5NS 30a6ID 30a7NS 30a8ID 30a9NS 30aaID
30c3NS 30c4ID 30e3NS 30e4ID 30e5NS 30e6ID 30e7NS 30e8ID 30eeNS 30efID
30f5NS 30f7ID 30fbNS 30ffID 3100AL 3105ID 3130AL 3131ID 318fAL 3190ID
31e4AL 31f0NS 3200ID 321fAL 3220ID 3248AL 3250ID 4dc0AL 4e00ID a015NS
a016ID a48dAL a490ID a4c7AL a4feBA a500AL a60dBA a60eEX a60fBA a610AL
a620NU a62aAL a66fCM a673AL a674CM a67eAL a69eCM a6a0AL a6f0CM a6f2AL
a6f3BA a6f8AL a802CM a803AL a806CM a807AL a80bCM a80cAL a823CM a828AL
a82cCM a82dAL a838PO a839AL a874BB a876EX a878AL a880CM a882AL a8b4CM
a8c6AL a8ceBA a8d0NU a8daAL a8e0CM a8f2AL a8fcBB a8fdAL a8ffCM a900NU
a90aAL a926CM a92eBA a930AL a947CM a954AL a960JL a97dAL a980CM a984AL
a9b3CM a9c1AL a9c7BA a9caAL a9d0NU a9daAL a9f0NU a9faAL aa29CM aa37AL
aa43CM aa44AL aa4cCM aa4eAL aa50NU aa5aAL aa5dBA aa60AL aaebCM aaf0BA
aaf2AL aaf5CM aaf7AL abe3CM abebBA abecCM abeeAL abf0NU abfaAL ac00H2
ac01H3 ac1cH2 ac1dH3 ac38H2 ac39H3 ac54H2 ac55H3 ac70H2 ac71H3 ac8cH2
ac8dH3 aca8H2 aca9H3 acc4H2 acc5H3 ace0H2 ace1H3 acfcH2 acfdH3 ad18H2
ad19H3 ad34H2 ad35H3 ad50H2 ad51H3 ad6cH2 ad6dH3 ad88H2 ad89H3 ada4H2
ada5H3 adc0H2 adc1H3 addcH2 adddH3 adf8H2 adf9H3 ae14H2 ae15H3 ae30H2
ae31H3 ae4cH2 ae4dH3 ae68H2 ae69H3 ae84H2 ae85H3 aea0H2 aea1H3 aebcH2
aebdH3 aed8H2 aed9H3 aef4H2 aef5H3 af10H2 af11H3 af2cH2 af2dH3 af48H2
af49H3 af64H2 af65H3 af80H2 af81H3 af9cH2 af9dH3 afb8H2 afb9H3 afd4H2
afd5H3 aff0H2 aff1H3 b00cH2 b00dH3 b028H2 b029H3 b044H2 b045H3 b060H2
b061H3 b07cH2 b07dH3 b098H2 b099H3 b0b4H2 b0b5H3 b0d0H2 b0d1H3 b0ecH2
b0edH3 b108H2 b109H3 b124H2 b125H3 b140H2 b141H3 b15cH2 b15dH3 b178H2
b179H3 b194H2 b195H3 b1b0H2 b1b1H3 b1ccH2 b1cdH3 b1e8H2 b1e9H3 b204H2
b205H3 b220H2 b221H3 b23cH2 b23dH3 b258H2 b259H3 b274H2 b275H3 b290H2
b291H3 b2acH2 b2adH3 b2c8H2 b2c9H3 b2e4H2 b2e5H3 b300H2 b301H3 b31cH2
b31dH3 b338H2 b339H3 b354H2 b355H3 b370H2 b371H3 b38cH2 b38dH3 b3a8H2
b3a9H3 b3c4H2 b3c5H3 b3e0H2 b3e1H3 b3fcH2 b3fdH3 b418H2 b419H3 b434H2
b435H3 b450H2 b451H3 b46cH2 b46dH3 b488H2 b489H3 b4a4H2 b4a5H3 b4c0H2
b4c1H3 b4dcH2 b4ddH3 b4f8H2 b4f9H3 b514H2 b515H3 b530H2 b531H3 b54cH2
b54dH3 b568H2 b569H3 b584H2 b585H3 b5a0H2 b5a1H3 b5bcH2 b5bdH3 b5d8H2
b5d9H3 b5f4H2 b5f5H3 b610H2 b611H3 b62cH2 b62dH3 b648H2 b649H3 b664H2
b665H3 b680H2 b681H3 b69cH2 b69dH3 b6b8H2 b6b9H3 b6d4H2 b6d5H3 b6f0H2
b6f1H3 b70cH2 b70dH3 b728H2 b729H3 b744H2 b745H3 b760H2 b761H3 b77cH2
b77dH3 b798H2 b799H3 b7b4H2 b7b5H3 b7d0H2 b7d1H3 b7ecH2 b7edH3 b808H2
b809H3 b824H2 b825H3 b840H2 b841H3 b85cH2 b85dH3 b878H2 b879H3 b894H2
b895H3 b8b0H2 b8b1H3 b8ccH2 b8cdH3 b8e8H2 b8e9H3 b904H2 b905H3 b920H2
b921H3 b93cH2 b93dH3 b958H2 b959H3 b974H2 b975H3 b990H2 b991H3 b9acH2
b9adH3 b9c8H2 b9c9H3 b9e4H2 b9e5H3 ba00H2 ba01H3 ba1cH2 ba1dH3 ba38H2
ba39H3 ba54H2 ba55H3 ba70H2 ba71H3 ba8cH2 ba8dH3 baa8H2 baa9H3 bac4H2
bac5H3 bae0H2 bae1H3 bafcH2 bafdH3 bb18H2 bb19H3 bb34H2 bb35H3 bb50H2
bb51H3 bb6cH2 bb6dH3 bb88H2 bb89H3 bba4H2 bba5H3 bbc0H2 bbc1H3 bbdcH2
bbddH3 bbf8H2 bbf9H3 bc14H2 bc15H3 bc30H2 bc31H3 bc4cH2 bc4dH3 bc68H2
bc69H3 bc84H2 bc85H3 bca0H2 bca1H3 bcbcH2 bcbdH3 bcd8H2 bcd9H3 bcf4H2
bcf5H3 bd10H2 bd11H3 bd2cH2 bd2dH3 bd48H2 bd49H3 bd64H2 bd65H3 bd80H2
bd81H3 bd9cH2 bd9dH3 bdb8H2 bdb9H3 bdd4H2 bdd5H3 bdf0H2 bdf1H3 be0cH2
be0dH3 be28H2 be29H3 be44H2 be45H3 be60H2 be61H3 be7cH2 be7dH3 be98H2
be99H3 beb4H2 beb5H3 bed0H2 bed1H3 beecH2 beedH3 bf08H2 bf09H3 bf24H2
bf25H3 bf40H2 bf41H3 bf5cH2 bf5dH3 bf78H2 bf79H3 bf94H2 bf95H3 bfb0H2
bfb1H3 bfccH2 bfcdH3 bfe8H2 bfe9H3 c004H2 c005H3 c020H2 c021H3 c03cH2
c03dH3 c058H2 c059H3 c074H2 c075H3 c090H2 c091H3 c0acH2 c0adH3 c0c8H2
c0c9H3 c0e4H2 c0e5H3 c100H2 c101H3 c11cH2 c11dH3 c138H2 c139H3 c154H2
c155H3 c170H2 c171H3 c18cH2 c18dH3 c1a8H2 c1a9H3 c1c4H2 c1c5H3 c1e0H2
c1e1H3 c1fcH2 c1fdH3 c218H2 c219H3 c234H2 c235H3 c250H2 c251H3 c26cH2
c26dH3 c288H2 c289H3 c2a4H2 c2a5H3 c2c0H2 c2c1H3 c2dcH2 c2ddH3 c2f8H2
c2f9H3 c314H2 c315H3 c330H2 c331H3 c34cH2 c34dH3 c368H2 c369H3 c384H2
c385H3 c3a0H2 c3a1H3 c3bcH2 c3bdH3 c3d8H2 c3d9H3 c3f4H2 c3f5H3 c410H2
c411H3 c42cH2 c42dH3 c448H2 c449H3 c464H2 c465H3 c480H2 c481H3 c49cH2
c49dH3 c4b8H2 c4b9H3 c4d4H2 c4d5H3 c4f0H2 c4f1H3 c50cH2 c50dH3 c528H2
c529H3 c544H2 c545H3 c560H2 c561H3 c57cH2 c57dH3 c598H2 c599H3 c5b4H2
c5b5H3 c5d0H2 c5d1H3 c5ecH2 c5edH3 c608H2 c609H3 c624H2 c625H3 c640H2
c641H3 c65cH2 c65dH3 c678H2 c679H3 c694H2 c695H3 c6b0H2 c6b1H3 c6ccH2
c6cdH3 c6e8H2 c6e9H3 c704H2 c705H3 c720H2 c721H3 c73cH2 c73dH3 c758H2
c759H3 c774H2 c775H3 c790H2 c791H3 c7acH2 c7adH3 c7c8H2 c7c9H3 c7e4H2
c7e5H3 c800H2 c801H3 c81cH2 c81dH3 c838H2 c839H3 c854H2 c855H3 c870H2
c871H3 c88cH2 c88dH3 c8a8H2 c8a9H3 c8c4H2 c8c5H3 c8e0H2 c8e1H3 c8fcH2
c8fdH3 c918H2 c919H3 c934H2 c935H3 c950H2 c951H3 c96cH2 c96dH3 c988H2
c989H3 c9a4H2 c9a5H3 c9c0H2 c9c1H3 c9dcH2 c9ddH3 c9f8H2 c9f9H3 ca14H2
ca15H3 ca30H2 ca31H3 ca4cH2 ca4dH3 ca68H2 ca69H3 ca84H2 ca85H3 caa0H2
caa1H3 cabcH2 cabdH3 cad8H2 cad9H3 caf4H2 caf5H3 cb10H2 cb11H3 cb2cH2
cb2dH3 cb48H2 cb49H3 cb64H2 cb65H3 cb80H2 cb81H3 cb9cH2 cb9dH3 cbb8H2
cbb9H3 cbd4H2 cbd5H3 cbf0H2 cbf1H3 cc0cH2 cc0dH3 cc28H2 cc29H3 cc44H2
cc45H3 cc60H2 cc61H3 cc7cH2 cc7dH3 cc98H2 cc99H3 ccb4H2 ccb5H3 ccd0H2
ccd1H3 ccecH2 ccedH3 cd08H2 cd09H3 cd24H2 cd25H3 cd40H2 cd41H3 cd5cH2
cd5dH3 cd78H2 cd79H3 cd94H2 cd95H3 cdb0H2 cdb1H3 cdccH2 cdcdH3 cde8H2
cde9H3 ce04H2 ce05H3 ce20H2 ce21H3 ce3cH2 ce3dH3 ce58H2 ce59H3 ce74H2
ce75H3 ce90H2 ce91H3 ceacH2 ceadH3 cec8H2 cec9H3 cee4H2 cee5H3 cf00H2
cf01H3 cf1cH2 cf1dH3 cf38H2 cf39H3 cf54H2 cf55H3 cf70H2 cf71H3 cf8cH2
cf8dH3 cfa8H2 cfa9H3 cfc4H2 cfc5H3 cfe0H2 cfe1H3 cffcH2 cffdH3 d018H2
d019H3 d034H2 d035H3 d050H2 d051H3 d06cH2 d06dH3 d088H2 d089H3 d0a4H2
d0a5H3 d0c0H2 d0c1H3 d0dcH2 d0ddH3 d0f8H2 d0f9H3 d114H2 d115H3 d130H2
d131H3 d14cH2 d14dH3 d168H2 d169H3 d184H2 d185H3 d1a0H2 d1a1H3 d1bcH2
d1bdH3 d1d8H2 d1d9H3 d1f4H2 d1f5H3 d210H2 d211H3 d22cH2 d22dH3 d248H2
d249H3 d264H2 d265H3 d280H2 d281H3 d29cH2 d29dH3 d2b8H2 d2b9H3 d2d4H2
d2d5H3 d2f0H2 d2f1H3 d30cH2 d30dH3 d328H2 d329H3 d344H2 d345H3 d360H2
d361H3 d37cH2 d37dH3 d398H2 d399H3 d3b4H2 d3b5H3 d3d0H2 d3d1H3 d3ecH2
d3edH3 d408H2 d409H3 d424H2 d425H3 d440H2 d441H3 d45cH2 d45dH3 d478H2
d479H3 d494H2 d495H3 d4b0H2 d4b1H3 d4ccH2 d4cdH3 d4e8H2 d4e9H3 d504H2
d505H3 d520H2 d521H3 d53cH2 d53dH3 d558H2 d559H3 d574H2 d575H3 d590H2
d591H3 d5acH2 d5adH3 d5c8H2 d5c9H3 d5e4H2 d5e5H3 d600H2 d601H3 d61cH2
d61dH3 d638H2 d639H3 d654H2 d655H3 d670H2 d671H3 d68cH2 d68dH3 d6a8H2
d6a9H3 d6c4H2 d6c5H3 d6e0H2 d6e1H3 d6fcH2 d6fdH3 d718H2 d719H3 d734H2
d735H3 d750H2 d751H3 d76cH2 d76dH3 d788H2 d789H3 d7a4AL d7b0JV d7c7AL
d7cbJT d7fcAL f900ID fb00AL fb1dHL fb1eCM fb1fHL fb29AL fb2aHL fb37AL
fb38HL fb3dAL fb3eHL fb3fAL fb40HL fb42AL fb43HL fb45AL fb46HL fb50AL
fd3eCL fd3fOP fd40AL fdfcPO fdfdAL fe00CM fe10IS fe11CL fe13IS fe15EX
fe17OW fe18CL fe19IN fe1aAL fe20CM fe30ID fe35OW fe36CL fe37OW fe38CL
fe39OW fe3aCL fe3bOW fe3cCL fe3dOW fe3eCL fe3fOW fe40CL fe41OW fe42CL
fe43OW fe44CL fe45ID fe47OW fe48CL fe49ID fe50CL fe51ID fe52CL fe53AL
fe54NS fe56EX fe58ID fe59OW fe5aCL fe5bOW fe5cCL fe5dOW fe5eCL fe5fID
fe67AL fe68ID fe69PR fe6aPO fe6bID fe6cAL feffWJ ff00AL ff01EX ff02ID
ff04PR ff05PO ff06ID ff08OW ff09CL ff0aID ff0cCL ff0dID ff0eCL ff0fID
ff1aNS ff1cID ff1fEX ff20ID ff3bOW ff3cID ff3dCL ff3eID ff5bOW ff5cID
ff5dCL ff5eID ff5fOW ff60CL ff62OW ff63CL ff65NS ff66ID ff67NS ff71ID
ff9eNS ffa0ID ffbfAL ffc2ID ffc8AL ffcaID ffd0AL ffd2ID ffd8AL ffdaID
ffddAL ffe0PO ffe1PR ffe2ID ffe5PR ffe7AL fff9CM fffcID fffdAL 10100BA
10103AL 101fdCM 101feAL 102e0CM 102e1AL 10376CM 1037bAL 1039fBA 103a0AL
103d0BA 103d1AL 104a0NU 104aaAL 10857BA 10858AL 1091fBA 10920AL 10a01CM
10a04AL 10a05CM 10a07AL 10a0cCM 10a10AL 10a38CM 10a3bAL 10a3fCM 10a40AL
10a50BA 10a58AL 10ae5CM 10ae7AL 10af0BA 10af6IN 10af7AL 10b39BA 10b40AL
10d24CM 10d28AL 10d30NU 10d3aAL 10eabCM 10eadBA 10eaeAL 10f46CM 10f51AL
10f82CM 10f86AL 11000CM 11003AL 11038CM 11047BA 11049AL 11066NU 11070CM
11071AL 11073CM 11075AL 1107fCM 11083AL 110b0CM 110bbAL 110beBA 110c2CM
110c3AL 110f0NU 110faAL 11100CM 11103AL 11127CM 11135AL 11136NU 11140BA
11144AL 11145CM 11147AL 11173CM 11174AL 11175BB 11176AL 11180CM 11183AL
111b3CM 111c1AL 111c5BA 111c7AL 111c8BA 111c9CM 111cdAL 111ceCM 111d0NU
111daAL 111dbBB 111dcAL 111ddBA 111e0AL 1122cCM 11238BA 1123aAL 1123bBA
1123dAL 1123eCM 1123fAL 112a9BA 112aaAL 112dfCM 112ebAL 112f0NU 112faAL
11300CM 11304AL 1133bCM 1133dAL 1133eCM 11345AL 11347CM 11349AL 1134bCM
1134eAL 11357CM 11358AL 11362CM 11364AL 11366CM 1136dAL 11370CM 11375AL
11435CM 11447AL 1144bBA 1144fAL 11450NU 1145aBA 1145cAL 1145eCM 1145fAL
114b0CM 114c4AL 114d0NU 114daAL 115afCM 115b6AL 115b8CM 115c1BB 115c2BA
115c4EX 115c6AL 115c9BA 115d8AL 115dcCM 115deAL 11630CM 11641BA 11643AL
11650NU 1165aAL 11660BB 1166dAL 116abCM 116b8AL 116c0NU 116caAL 11730NU
1173aAL 1173cBA 1173fAL 1182cCM 1183bAL 118e0NU 118eaAL 11930CM 11936AL
11937CM 11939AL 1193bCM 1193fAL 11940CM 11941AL 11942CM 11944BA 11947AL
11950NU 1195aAL 119d1CM 119d8AL 119daCM 119e1AL 119e2BB 119e3AL 119e4CM
119e5AL 11a01CM 11a0bAL 11a33CM 11a3aAL 11a3bCM 11a3fBB 11a40AL 11a41BA
11a45BB 11a46AL 11a47CM 11a48AL 11a51CM 11a5cAL 11a8aCM 11a9aBA 11a9dAL
11a9eBB 11aa1BA 11aa3AL 11c2fCM 11c37AL 11c38CM 11c40AL 11c41BA 11c46AL
11c50NU 11c5aAL 11c70BB 11c71EX 11c72AL 11c92CM 11ca8AL 11ca9CM 11cb7AL
11d31CM 11d37AL 11d3aCM 11d3bAL 11d3cCM 11d3eAL 11d3fCM 11d46AL 11d47CM
11d48AL 11d50NU 11d5aAL 11d8aCM 11d8fAL 11d90CM 11d92AL 11d93CM 11d98AL
11da0NU 11daaAL 11ef3CM 11ef7AL 11fddPO 11fe1AL 11fffBA 12000AL 12470BA
12475AL 13258OP 1325bCL 1325eAL 13282CL 13283AL 13286OP 13287CL 13288OP
13289CL 1328aAL 13379OP 1337aCL 1337cAL 13430GL 13437OP 13438CL 13439AL
145ceOP 145cfCL 145d0AL 16a60NU 16a6aAL 16a6eBA 16a70AL 16ac0NU 16acaAL
16af0CM 16af5BA 16af6AL 16b30CM 16b37BA 16b3aAL 16b44BA 16b45AL 16b50NU
16b5aAL 16e97BA 16e99AL 16f4fCM 16f50AL 16f51CM 16f88AL 16f8fCM 16f93AL
16fe0NS 16fe4GL 16fe5AL 16ff0CM 16ff2AL 17000ID 187f8AL 18800ID 18b00AL
18d00ID 18d09AL 1b000ID 1b123AL 1b150NS 1b153AL 1b164NS 1b168AL 1b170ID
1b2fcAL 1bc9dCM 1bc9fBA 1bca0CM 1bca4AL 1cf00CM 1cf2eAL 1cf30CM 1cf47AL
1d165CM 1d16aAL 1d16dCM 1d183AL 1d185CM 1d18cAL 1d1aaCM 1d1aeAL 1d242CM
1d245AL 1d7ceNU 1d800AL 1da00CM 1da37AL 1da3bCM 1da6dAL 1da75CM 1da76AL
1da84CM 1da85AL 1da87BA 1da8bAL 1da9bCM 1daa0AL 1daa1CM 1dab0AL 1e000CM
1e007AL 1e008CM 1e019AL 1e01bCM 1e022AL 1e023CM 1e025AL 1e026CM 1e02bAL
1e130CM 1e137AL 1e140NU 1e14aAL 1e2aeCM 1e2afAL 1e2ecCM 1e2f0NU 1e2faAL
1e2ffPR 1e300AL 1e8d0CM 1e8d7AL 1e944CM 1e94bAL 1e950NU 1e95aAL 1e95eOP
1e960AL 1ecacPO 1ecadAL 1ecb0PO 1ecb1AL 1f000ID 1f02cIP 1f030ID 1f094IP
1f0a0ID 1f0afIP 1f0b1ID 1f0c0IP 1f0c1ID 1f0d0IP 1f0d1ID 1f0f6IP 1f100AL
1f10dID 1f110AL 1f16dID 1f170AL 1f1adID 1f1aeIP 1f1e6RI 1f200ID 1f203IP
1f210ID 1f23cIP 1f240ID 1f249IP 1f250ID 1f252IP 1f260ID 1f266IP 1f300ID
1f385EB 1f386ID 1f39cAL 1f39eID 1f3b5AL 1f3b7ID 1f3bcAL 1f3bdID 1f3c2EB
1f3c5ID 1f3c7EB 1f3c8ID 1f3caEB 1f3cdID 1f3fbEM 1f400ID 1f442EB 1f444ID
1f446EB 1f451ID 1f466EB 1f479ID 1f47cEB 1f47dID 1f481EB 1f484ID 1f485EB
1f488ID 1f48fEB 1f490ID 1f491EB 1f492ID 1f4a0AL 1f4a1ID 1f4a2AL 1f4a3ID
1f4a4AL 1f4a5ID 1f4aaEB 1f4abID 1f4afAL 1f4b0ID 1f4b1AL 1f4b3ID 1f500AL
1f507ID 1f517AL 1f525ID 1f532AL 1f54aID 1f574EB 1f576ID 1f57aEB 1f57bID
1f590EB 1f591ID 1f595EB 1f597ID 1f5d4AL 1f5dcID 1f5f4AL 1f5faID 1f645EB
1f648ID 1f64bEB 1f650AL 1f676QU 1f679NS 1f67cAL 1f680ID 1f6a3EB 1f6a4ID
1f6b4EB 1f6b7ID 1f6c0EB 1f6c1ID 1f6ccEB 1f6cdID 1f6d8IP 1f6ddID 1f6edIP
1f6f0ID 1f6fdIP 1f700AL 1f774IP 1f780AL 1f7d5ID 1f7d9IP 1f7e0ID 1f7ecIP
1f7f0ID 1f7f1IP 1f800AL 1f80cIP 1f810AL 1f848IP 1f850AL 1f85aIP 1f860AL
1f888IP 1f890AL 1f8aeIP 1f8b0ID 1f8b2IP 1f900AL 1f90cEB 1f90dID 1f90fEB
1f910ID 1f918EB 1f920ID 1f926EB 1f927ID 1f930EB 1f93aID 1f93cEB 1f93fID
1f977EB 1f978ID 1f9b5EB 1f9b7ID 1f9b8EB 1f9baID 1f9bbEB 1f9bcID 1f9cdEB
1f9d0ID 1f9d1EB 1f9deID 1fa00AL 1fa54IP 1fa60ID 1fa6eIP 1fa70ID 1fa75IP
1fa78ID 1fa7dIP 1fa80ID 1fa87IP 1fa90ID 1faadIP 1fab0ID 1fabbIP 1fac0ID
1fac3EB 1fac6IP 1fad0ID 1fadaIP 1fae0ID 1fae8IP 1faf0EB 1faf7IP 1fb00AL
1fbf0NU 1fbfaAL 1fc00IP 1fffeAL 20000ID 2fffeAL 30000ID 3fffeAL e0001CM
e0002AL e0020CM e0080AL e0100CM e01f0AL"""

_WIDTHS = """
00 201 7f0 a01 ad0 ae1 3000 3701 4830 48a1 5910 5be1 5bf0 5c01 5c10 5c31
5c40 5c61 5c70 5c81 6000 6061 6100 61b1 61c0 61d1 64b0 6601 6700 6711
6d60 6de1 6df0 6e51 6e70 6e91 6ea0 6ee1 70f0 7101 7110 7121 7300 74b1
7a60 7b11 7eb0 7f41 7fd0 7fe1 8160 81a1 81b0 8241 8250 8281 8290 82e1
8590 85c1 8900 8921 8980 8a01 8ca0 9031 93a0 93b1 93c0 93d1 9410 9491
94d0 94e1 9510 9581 9620 9641 9810 9821 9bc0 9bd1 9c10 9c51 9cd0 9ce1
9e20 9e41 9fe0 9ff1 a010 a031 a3c0 a3d1 a410 a431 a470 a491 a4b0 a4e1
a510 a521 a700 a721 a750 a761 a810 a831 abc0 abd1 ac10 ac61 ac70 ac91
acd0 ace1 ae20 ae41 afa0 b001 b010 b021 b3c0 b3d1 b3f0 b401 b410 b451
b4d0 b4e1 b550 b571 b620 b641 b820 b831 bc00 bc11 bcd0 bce1 c000 c011
c040 c051 c3c0 c3d1 c3e0 c411 c460 c491 c4a0 c4e1 c550 c571 c620 c641
c810 c821 cbc0 cbd1 ccc0 cce1 ce20 ce41 d000 d021 d3b0 d3d1 d410 d451
d4d0 d4e1 d620 d641 d810 d821 dca0 dcb1 dd20 dd51 dd60 dd71 e310 e321
e340 e3b1 e470 e4f1 eb10 eb21 eb40 ebd1 ec80 ece1 f180 f1a1 f350 f361
f370 f381 f390 f3a1 f710 f7f1 f800 f851 f860 f881 f8d0 f981 f990 fbd1
fc60 fc71 102d0 10311 10320 10381 10390 103b1 103d0 103f1 10580 105a1
105e0 10611 10710 10751 10820 10831 10850 10871 108d0 108e1 109d0 109e1
11002 11600 12001 135d0 13601 17120 17151 17320 17341 17520 17541 17720
17741 17b40 17b61 17b70 17be1 17c60 17c71 17c90 17d41 17dd0 17de1 180b0
18101 18850 18871 18a90 18aa1 19200 19231 19270 19291 19320 19331 19390
193c1 1a170 1a191 1a1b0 1a1c1 1a560 1a571 1a580 1a5f1 1a600 1a611 1a620
1a631 1a650 1a6d1 1a730 1a7d1 1a7f0 1a801 1ab00 1acf1 1b000 1b041 1b340
1b351 1b360 1b3b1 1b3c0 1b3d1 1b420 1b431 1b6b0 1b741 1b800 1b821 1ba20
1ba61 1ba80 1baa1 1bab0 1bae1 1be60 1be71 1be80 1bea1 1bed0 1bee1 1bef0
1bf21 1c2c0 1c341 1c360 1c381 1cd00 1cd31 1cd40 1ce11 1ce20 1ce91 1ced0
1cee1 1cf40 1cf51 1cf80 1cfa1 1dc00 1e001 200b0 20101 202a0 202f1 20600
20651 20660 20701 20d00 20f11 231a2 231c1 23292 232b1 23e92 23ed1 23f02
23f11 23f32 23f41 25fd2 25ff1 26142 26161 26482 26541 267f2 26801 26932
26941 26a12 26a21 26aa2 26ac1 26bd2 26bf1 26c42 26c61 26ce2 26cf1 26d42
26d51 26ea2 26eb1 26f22 26f41 26f52 26f61 26fa2 26fb1 26fd2 26fe1 27052
27061 270a2 270c1 27282 27291 274c2 274d1 274e2 274f1 27532 27561 27572
27581 27952 27981 27b02 27b11 27bf2 27c01 2b1b2 2b1d1 2b502 2b511 2b552
2b561 2cef0 2cf21 2d7f0 2d801 2de00 2e001 2e802 302a0 302e2 303f1 30402
30990 309b2 32481 32502 4dc01 4e002 a4d01 a66f0 a6731 a6740 a67e1 a69e0
a6a01 a6f00 a6f21 a8020 a8031 a8060 a8071 a80b0 a80c1 a8250 a8271 a82c0
a82d1 a8c40 a8c61 a8e00 a8f21 a8ff0 a9001 a9260 a92e1 a9470 a9521 a9602
a97d1 a9800 a9831 a9b30 a9b41 a9b60 a9ba1 a9bc0 a9be1 a9e50 a9e61 aa290
aa2f1 aa310 aa331 aa350 aa371 aa430 aa441 aa4c0 aa4d1 aa7c0 aa7d1 aab00
aab11 aab20 aab51 aab70 aab91 aabe0 aac01 aac10 aac21 aaec0 aaee1 aaf60
aaf71 abe50 abe61 abe80 abe91 abed0 abee1 ac002 d7a41 d7b00 d7c71 d7cb0
d7fc1 f9002 fb001 fb1e0 fb1f1 fe000 fe102 fe200 fe302 fe701 feff0 ff002
ff611 ffe02 ffe71 fff90 fffc1 101fd0 101fe1 102e00 102e11 103760 1037b1
10a010 10a041 10a050 10a071 10a0c0 10a101 10a380 10a3b1 10a3f0 10a401
10ae50 10ae71 10d240 10d281 10eab0 10ead1 10f460 10f511 10f820 10f861
110010 110021 110380 110471 110700 110711 110730 110751 1107f0 110821
110b30 110b71 110b90 110bb1 110bd0 110be1 110c20 110c31 110cd0 110ce1
111000 111031 111270 1112c1 1112d0 111351 111730 111741 111800 111821
111b60 111bf1 111c90 111cd1 111cf0 111d01 1122f0 112321 112340 112351
112360 112381 1123e0 1123f1 112df0 112e01 112e30 112eb1 113000 113021
1133b0 1133d1 113400 113411 113660 1136d1 113700 113751 114380 114401
114420 114451 114460 114471 1145e0 1145f1 114b30 114b91 114ba0 114bb1
114bf0 114c11 114c20 114c41 115b20 115b61 115bc0 115be1 115bf0 115c11
115dc0 115de1 116330 1163b1 1163d0 1163e1 1163f0 116411 116ab0 116ac1
116ad0 116ae1 116b00 116b61 116b70 116b81 1171d0 117201 117220 117261
117270 1172c1 1182f0 118381 118390 1183b1 1193b0 1193d1 1193e0 1193f1
119430 119441 119d40 119d81 119da0 119dc1 119e00 119e11 11a010 11a071
11a090 11a0b1 11a330 11a391 11a3b0 11a3f1 11a470 11a481 11a510 11a571
11a590 11a5c1 11a8a0 11a971 11a980 11a9a1 11c300 11c371 11c380 11c3e1
11c920 11ca81 11caa0 11cb11 11cb20 11cb41 11cb50 11cb71 11d310 11d371
11d3a0 11d3b1 11d3c0 11d3e1 11d3f0 11d461 11d470 11d481 11d900 11d921
11d950 11d961 11d970 11d981 11ef30 11ef51 134300 134391 16af00 16af51
16b300 16b371 16f4f0 16f501 16f8f0 16f931 16fe02 16fe40 16fe51 16ff02
16ff21 170002 187f81 188002 18cd61 18d002 18d091 1aff02 1aff41 1aff52
1affc1 1affd2 1afff1 1b0002 1b1231 1b1502 1b1531 1b1642 1b1681 1b1702
1b2fc1 1bc9d0 1bc9f1 1bca00 1bca41 1cf000 1cf2e1 1cf300 1cf471 1d1670
1d16a1 1d1730 1d1831 1d1850 1d18c1 1d1aa0 1d1ae1 1d2420 1d2451 1da000
1da371 1da3b0 1da6d1 1da750 1da761 1da840 1da851 1da9b0 1daa01 1daa10
1dab01 1e0000 1e0071 1e0080 1e0191 1e01b0 1e0221 1e0230 1e0251 1e0260
1e02b1 1e1300 1e1371 1e2ae0 1e2af1 1e2ec0 1e2f01 1e8d00 1e8d71 1e9440
1e94b1 1f0042 1f0051 1f0cf2 1f0d01 1f18e2 1f18f1 1f1912 1f19b1 1f2002
1f3211 1f32d2 1f3361 1f3372 1f37d1 1f37e2 1f3941 1f3a02 1f3cb1 1f3cf2
1f3d41 1f3e02 1f3f11 1f3f42 1f3f51 1f3f82 1f43f1 1f4402 1f4411 1f4422
1f4fd1 1f4ff2 1f53e1 1f54b2 1f54f1 1f5502 1f5681 1f57a2 1f57b1 1f5952
1f5971 1f5a42 1f5a51 1f5fb2 1f6501 1f6802 1f6c61 1f6cc2 1f6cd1 1f6d02
1f6d31 1f6d52 1f6d81 1f6dd2 1f6e01 1f6eb2 1f6ed1 1f6f42 1f6fd1 1f7e02
1f7ec1 1f7f02 1f7f11 1f90c2 1f93b1 1f93c2 1f9461 1f9472 1fa001 1fa702
1fa751 1fa782 1fa7d1 1fa802 1fa871 1fa902 1faad1 1fab02 1fabb1 1fac02
1fac61 1fad02 1fada1 1fae02 1fae81 1faf02 1faf71 200002 400001 e00010
e00021 e00200 e00801 e01000 e01f01"""


def _parse(data: str, pattern: str) -> tuple[list[int], list[str]]:
    starts: list[int] = []
    values: list[str] = []
    for match in re.finditer(pattern, data):
        starts.append(int(match.group(1), 16))
        values.append(match.group(2))
    return starts, values


_PAIR_ROWS = tuple(tuple(int(c) for c in row) for row in _PAIRS.split())
_CLASS_STARTS, _class_names = _parse(_CLASSES, r"([0-9a-f]+)([A-Z][A-Z0-9])")
_CLASS_VALUES = tuple(_CLASS[name] for name in _class_names)
_WIDTH_STARTS, _width_digits = _parse(_WIDTHS, r"([0-9a-f]+?)([0-2])(?=\s|$)")
_WIDTH_VALUES = tuple(int(digit) for digit in _width_digits)


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> int:
    """Return the resolved line breaking class number of one character."""
    return _CLASS_VALUES[bisect_right(_CLASS_STARTS, ord(char)) - 1]


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Return the column width of one character (uc_width; controls count 0)."""
    return _WIDTH_VALUES[bisect_right(_WIDTH_STARTS, ord(char)) - 1]


def possible_breaks(text: str) -> list[int]:
    """Return, per character, whether a line may break before it.

    This is libunistring 1.0's ``u8_possible_linebreaks_v2`` on code points:
    each value is PROHIBITED, POSSIBLE, MANDATORY or CR_BEFORE_LF.  The text is
    taken in runs of non-spaces: after a run of spaces (class SP, U+0020 only)
    the algorithm's state is the class of the last non-space character alone,
    so each run's values are computed once per (run, state) and reused.
    """
    if " " not in text:
        return list(_run_breaks(text, BK, BK, False)[0])
    result: list[int] = []
    last_prop = BK
    first = True
    for run in _RUNS.findall(text):
        if run[0] == " ":
            result += [PROHIBITED] * len(run)  # never a break before a space
            first = False
            continue
        values, last_prop = (_run_breaks(run, BK, BK, False) if first
                             else _run_breaks(run, SP, last_prop, True))
        first = False
        result += values
    return result


_RUNS = re.compile(r" +|[^ ]+")


def _opportunities(text: str) -> list[tuple[int, int]]:
    """(index, value) of every character before which a break is not prohibited."""
    found: list[tuple[int, int]] = []
    last_prop = BK
    offset = 0
    for run in _RUNS.findall(text):
        if run[0] != " ":
            places, last_prop = (_run_places(run, BK, BK, False) if offset == 0
                                 else _run_places(run, SP, last_prop, True))
            found += [(offset + index, kind) for index, kind in places]
        offset += len(run)
    return found


@lru_cache(maxsize=65536)
def _run_places(text: str, prev_prop: int, last_prop: int, seen_space: bool) -> tuple[tuple[tuple[int, int], ...], int]:
    values, last = _run_breaks(text, prev_prop, last_prop, seen_space)
    return tuple((index, kind) for index, kind in enumerate(values) if kind != PROHIBITED), last


@lru_cache(maxsize=65536)
def _run_breaks(text: str, prev_prop: int, last_prop: int, seen_space: bool) -> tuple[tuple[int, ...], int]:
    """Break values of a run of characters from the given state, and the state's last class after it."""
    result = [PROHIBITED] * len(text)
    ri_count = 0
    for i, char in enumerate(text):
        prop = line_break_class(char)
        if prop in (BK, LF, CR):
            result[i] = MANDATORY
            if prev_prop == CR and prop == LF:
                result[i - 1] = CR_BEFORE_LF
            prev_prop = prop
            last_prop = BK
            seen_space = False
        else:
            if prop == SP:
                seen_space = True
            elif prop == ZW:
                last_prop = ZW
                seen_space = False
            elif prop in (CM, ZWJ):
                if last_prop == BK:
                    last_prop = AL
                    seen_space = False
                elif last_prop == ZW or seen_space:
                    result[i] = POSSIBLE
                    last_prop = AL
                    seen_space = False
            else:
                result[i] = _pair_break(last_prop, prev_prop, prop, seen_space, ri_count)
                last_prop = prop
                seen_space = False
            hebrew_hyphen = prev_prop == HL and prop in (HY, BA)
            prev_prop = _HL_BA if hebrew_hyphen else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return tuple(result), last_prop


def _pair_break(last: int, prev: int, prop: int, seen_space: bool, ri_count: int) -> int:
    """Decide a break before a character of class PROP that is looked up in the table."""
    if last == BK:
        return PROHIBITED
    if last == ZW:
        return POSSIBLE
    if prev == ZWJ:
        return PROHIBITED
    if last == RI and prop == RI:
        return POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
    if prev == _HL_BA:
        return PROHIBITED
    kind = _PAIR_ROWS[last][prop]
    if kind == 1 or (kind == 2 and seen_space):
        return POSSIBLE
    return PROHIBITED


def width_breaks(text: str, width: int, start_column: int, overrides: Sequence[int] | None) -> list[bool]:
    """Return, per character, whether ``u8_width_linebreaks_v2`` breaks before it.

    OVERRIDES holds UNDEFINED or a break value per character that replaces the
    computed one (None: no overrides).  Breaks are placed greedily at the last opportunity before
    the text would pass WIDTH columns; a mandatory break restarts at column 0
    but is not reported (gettext does not act on it).
    """
    breaks = [False] * len(text)
    for index in break_positions(text, width, start_column, overrides):
        breaks[index] = True
    return breaks


def break_positions(text: str, width: int, start_column: int, overrides: Sequence[int] | None) -> list[int]:
    """The indexes of the characters ``width_breaks`` breaks before, in order."""
    size = len(text)
    ascii_only = text.isascii()
    if start_column + (size if ascii_only else sum(map(char_width, text))) <= width:
        return []  # everything fits: no break is ever inserted
    # Column offset of each character from the start of the text (controls count 0 columns).
    if ascii_only and not _ASCII_ZERO_WIDTH.search(text):
        column: Sequence[int] = range(size + 1)
    else:
        column = list(accumulate(map(char_width, text), initial=0))
    if overrides is None:
        return _greedy_runs(text, width, start_column, column)
    possible = possible_breaks(text)
    kinds = (override if override != UNDEFINED else computed
             for override, computed in zip(overrides, possible, strict=True))
    places = [(i, kind) for i, kind in enumerate(kinds) if kind != PROHIBITED]
    found: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_start = 0  # the piece since the last opportunity starts here
    for i, kind in places:
        if last_break is not None and last_column + column[i] - column[piece_start] > width:
            found.append(last_break)
            last_column = 0
        if kind in (MANDATORY, CR_BEFORE_LF):
            last_break = None
            last_column = 0
            piece_start = i + 1
        elif kind == POSSIBLE:
            last_break = i
            last_column += column[i] - column[piece_start]
            piece_start = i
    if last_break is not None and last_column + column[size] - column[piece_start] > width:
        found.append(last_break)
    return found


_ASCII_ZERO_WIDTH = re.compile(r"[\x00-\x1f\x7f]")


def _greedy_runs(text: str, width: int, start_column: int, column: Sequence[int]) -> list[int]:
    """``break_positions`` without overrides, visiting the opportunities run by run (the same greedy filling)."""
    found: list[int] = []
    last_break: int | None = None
    last_column = start_column
    piece_start = 0
    offset = 0
    last_prop = BK
    for run in _RUNS.findall(text):
        if run[0] != " ":
            places, last_prop = (_run_places(run, BK, BK, False) if offset == 0
                                 else _run_places(run, SP, last_prop, True))
            for index, kind in places:
                i = offset + index
                if last_break is not None and last_column + column[i] - column[piece_start] > width:
                    found.append(last_break)
                    last_column = 0
                if kind == POSSIBLE:
                    last_break = i
                    last_column += column[i] - column[piece_start]
                    piece_start = i
                else:  # MANDATORY or CR_BEFORE_LF
                    last_break = None
                    last_column = 0
                    piece_start = i + 1
        offset += len(run)
    if last_break is not None and last_column + column[offset] - column[piece_start] > width:
        found.append(last_break)
    return found
