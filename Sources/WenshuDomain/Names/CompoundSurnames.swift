/// Compound surnames (复姓) and their passport spelling, one word without tones
/// (domain.md §2.3, from hotoo/pinyin `compound_surname.ts` [C]; ü → YU as in 闾丘 LYUQIU).
///
/// Several differ from the characters' usual readings: 万俟 MOQI, 尉迟 YUCHI, 单于 CHANYU,
/// 澹台 TANTAI, 长孙 ZHANGSUN, 乐正 YUEZHENG.
let compoundSurnames: [String: String] = [
    "万俟": "MOQI", "上官": "SHANGGUAN", "东方": "DONGFANG", "东郭": "DONGGUO", "东门": "DONGMEN",
    "乐正": "YUEZHENG", "亓官": "QIGUAN", "仉督": "ZHANGDU", "令狐": "LINGHU", "仲孙": "ZHONGSUN",
    "公冶": "GONGYE", "公孙": "GONGSUN", "公羊": "GONGYANG", "公良": "GONGLIANG", "公西": "GONGXI",
    "单于": "CHANYU", "南宫": "NANGONG", "南门": "NANMEN", "司寇": "SIKOU", "司徒": "SITU",
    "司空": "SIKONG", "司马": "SIMA", "呼延": "HUYAN", "壤驷": "RANGSI", "夏侯": "XIAHOU",
    "太叔": "TAISHU", "夹谷": "JIAGU", "子车": "ZIJU", "宇文": "YUWEN", "宗政": "ZONGZHENG",
    "宰父": "ZAIFU", "尉迟": "YUCHI", "左丘": "ZUOQIU", "巫马": "WUMA", "慕容": "MURONG",
    "拓跋": "TUOBA", "梁丘": "LIANGQIU", "榖梁": "GULIANG", "欧阳": "OUYANG", "段干": "DUANGAN",
    "淳于": "CHUNYU", "漆雕": "QIDIAO", "澹台": "TANTAI", "濮阳": "PUYANG", "申屠": "SHENTU",
    "百里": "BAILI", "皇甫": "HUANGFU", "端木": "DUANMU", "第五": "DIWU", "羊舌": "YANGSHE",
    "西门": "XIMEN", "诸葛": "ZHUGE", "赫连": "HELIAN", "轩辕": "XUANYUAN", "钟离": "ZHONGLI",
    "长孙": "ZHANGSUN", "闻人": "WENREN", "闾丘": "LYUQIU", "颛孙": "ZHUANSUN", "鲜于": "XIANYU",
]
