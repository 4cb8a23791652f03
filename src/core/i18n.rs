//! The app's words in English and Chinese (Simplified), and locale formatting of
//! dates, numbers and plurals.
//!
//! Every user-visible string of the app comes from here: plain messages are
//! `&'static str` fields of [`Messages`] (one static table per locale, so a lookup is a
//! field read, no allocation, and a message missing in one language is a compile
//! error); messages with parameters are methods of [`Locale`]. Dates are formatted
//! from the catalog's RFC 3339 text by its calendar date *as the author wrote it*
//! (the writer's own UTC offset, not the reader's time zone), as the ISO date shown
//! before did; the machine-readable `datetime` attribute keeps the RFC 3339 text.
//!
//! Chinese is Simplified for every `zh*` browser language, including zh-TW and zh-HK
//! (there is no Traditional catalog yet; Simplified reads better for them than English).
//!
//! Diagnostics that come from the core itself (why a post file could not be read, a
//! catalog's parse error) stay in English: they are shared with the CLI and quoted in
//! bug reports.

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    Zh,
}

impl Locale {
    /// Every locale, in the order the language switch lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Zh];

    /// The short code stored in localStorage and used as the switch's option values.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh",
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    /// The language's name in itself (the switch shows each language this way).
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Zh => "中文",
        }
    }

    /// A language tag (`zh`, `zh-CN`, `zh_TW`, `zh-Hant-HK`, `en-US`, `EN`…) → the locale
    /// that serves it; `None` for languages we have no strings for.
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Some(Locale::Zh)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The first language of the reader's preference list (`navigator.languages`,
    /// most preferred first) that we have; English when none is.
    pub fn negotiate<S: AsRef<str>>(preferred: impl IntoIterator<Item = S>) -> Locale {
        preferred
            .into_iter()
            .find_map(|t| Locale::parse(t.as_ref()))
            .unwrap_or_default()
    }

    /// The plain messages of this locale.
    pub fn t(self) -> &'static Messages {
        match self {
            Locale::En => &EN,
            Locale::Zh => &ZH,
        }
    }

    // ---- numbers and plurals ----

    /// `12345` → `12,345`. Both locales group by thousands with a comma (CLDR's zh-CN
    /// pattern is `#,##0`, as `Intl.NumberFormat('zh-CN')` writes it).
    pub fn number(self, n: usize) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    /// English: `1 article` / `3 articles`; Chinese has no plural forms.
    fn count(self, n: usize, one: &str, many: &str, zh: &str) -> String {
        match self {
            Locale::En => format!("{} {}", self.number(n), if n == 1 { one } else { many }),
            Locale::Zh => format!("{} {zh}", self.number(n)),
        }
    }

    /// `3 articles` / `3 篇文章`.
    pub fn articles(self, n: usize) -> String {
        self.count(n, "article", "articles", "篇文章")
    }

    /// `3 results` / `3 个结果`.
    pub fn results(self, n: usize) -> String {
        self.count(n, "result", "results", "个结果")
    }

    /// `3 files` / `3 个文件`.
    pub fn files(self, n: usize) -> String {
        self.count(n, "file", "files", "个文件")
    }

    /// A card's reading time: `4 min` / `4 分钟`.
    pub fn minutes(self, n: u32) -> String {
        match self {
            Locale::En => format!("{n} min"),
            Locale::Zh => format!("{n} 分钟"),
        }
    }

    /// The article page's reading time: `4 min read` / `阅读约 4 分钟`.
    /// The theme switch's tooltip: the current choice and what a click chooses.
    pub fn theme_title(self, current: &str, next: &str) -> String {
        match self {
            Locale::En => format!("Theme: {current} (switch to {next})"),
            Locale::Zh => format!("主题：{current}（点击切换为{next}）"),
        }
    }

    /// The clipboard could not be written: the link to copy by hand.
    pub fn copy_by_hand(self, url: &str) -> String {
        match self {
            Locale::En => format!("Copy this link: {url}"),
            Locale::Zh => format!("请手动复制链接：{url}"),
        }
    }

    /// A body image that failed to load, with its alt text.
    pub fn image_unavailable_alt(self, alt: &str) -> String {
        match self {
            Locale::En => format!("Image unavailable: {alt}"),
            Locale::Zh => format!("图片无法显示：{alt}"),
        }
    }

    pub fn minutes_read(self, n: u32) -> String {
        match self {
            Locale::En => format!("{n} min read"),
            Locale::Zh => format!("阅读约 {n} 分钟"),
        }
    }

    /// Facet values beyond the first ones: `8 more` / `另外 8 项`.
    pub fn more(self, n: usize) -> String {
        match self {
            Locale::En => format!("{} more", self.number(n)),
            Locale::Zh => format!("另外 {} 项", self.number(n)),
        }
    }

    // ---- sentences with parameters ----

    /// The search results page's heading.
    /// A word being typed that matches more words than a search expands it to.
    pub fn prefix_cut(self, prefix: &str) -> String {
        match self {
            Locale::En => format!(
                "Many words begin with “{prefix}”: only the most common of them are searched. Type more letters to find the others."
            ),
            Locale::Zh => format!("以“{prefix}”开头的词很多，只搜索了其中最常见的；多输入几个字母可找到其余的。"),
        }
    }

    pub fn search_heading(self, q: &str) -> String {
        match self {
            Locale::En => format!("Search: “{q}”"),
            Locale::Zh => format!("搜索：“{q}”"),
        }
    }

    pub fn no_match(self, q: &str) -> String {
        match self {
            Locale::En => format!("No articles match “{q}”."),
            Locale::Zh => format!("没有与“{q}”匹配的文章。"),
        }
    }

    /// An active filter chip's accessible name.
    pub fn remove_filter(self, label: &str) -> String {
        match self {
            Locale::En => format!("Remove filter {label}"),
            Locale::Zh => format!("移除筛选条件：{label}"),
        }
    }

    /// The archive's month list of one year (accessible name).
    pub fn months_of(self, year: i32) -> String {
        match self {
            Locale::En => format!("Months of {year}"),
            Locale::Zh => format!("{year}年的月份"),
        }
    }

    /// `updated Apr 30, 2021` / `更新于 2021年4月30日` (`date` already formatted).
    pub fn updated(self, date: &str) -> String {
        match self {
            Locale::En => format!("updated {date}"),
            Locale::Zh => format!("更新于 {date}"),
        }
    }

    pub fn loading_sources(self, loading: usize, total: usize) -> String {
        match self {
            Locale::En => format!("Loading {loading} of {total} sources…"),
            Locale::Zh => format!("正在加载来源：还剩 {loading} 个，共 {total} 个…"),
        }
    }

    pub fn reading_files(self, n: usize) -> String {
        match self {
            Locale::En => format!("Reading {}…", self.files(n)),
            Locale::Zh => format!("正在读取 {}…", self.files(n)),
        }
    }

    pub fn files_unreadable(self, n: usize) -> String {
        match self {
            Locale::En => format!("{} could not be read", self.files(n)),
            Locale::Zh => format!("{}无法读取", self.files(n)),
        }
    }

    /// The opened files bar. `from` is a folder's name or `files(n)`.
    pub fn showing_local(self, articles: usize, from: &str) -> String {
        match self {
            Locale::En => {
                format!(
                    "Showing {} from {from}, read in your browser (nothing is uploaded).",
                    self.articles(articles)
                )
            }
            Locale::Zh => format!(
                "正在显示来自 {from} 的 {}，在你的浏览器中读取（不会上传）。",
                self.articles(articles)
            ),
        }
    }

    /// Files were opened but none is a post.
    pub fn no_posts_opened(self, n: usize) -> String {
        match self {
            Locale::En if n == 1 => {
                "The file opened is not a post (.md, .markdown, .html, .htm, .txt).".to_owned()
            }
            Locale::En => format!(
                "None of the {} opened is a post (.md, .markdown, .html, .htm, .txt).",
                self.files(n)
            ),
            Locale::Zh => format!(
                "打开的 {} 中没有文章（.md、.markdown、.html、.htm、.txt）。",
                self.files(n)
            ),
        }
    }

    pub fn not_found(self, what: Missing) -> &'static str {
        match (self, what) {
            (Locale::En, Missing::Page) => "This page does not exist",
            (Locale::En, Missing::Article) => "This article does not exist",
            (Locale::En, Missing::Category) => "This category does not exist",
            (Locale::Zh, Missing::Page) => "页面不存在",
            (Locale::Zh, Missing::Article) => "这篇文章不存在",
            (Locale::Zh, Missing::Category) => "这个分类不存在",
        }
    }

    // ---- why a fetch failed (the app's own reasons; the URL is shown apart) ----

    /// An HTTP error status, with the server's status text when there is one.
    pub fn http_status(self, status: u16, text: &str) -> String {
        let text = if text.is_empty() {
            String::new()
        } else {
            format!(" {text}")
        };
        match (self, status) {
            (Locale::En, 404 | 410) => format!("not found (HTTP {status}{text})"),
            (Locale::En, 401 | 403) => {
                format!("access refused (HTTP {status}{text}); only public files can be read")
            }
            (Locale::En, 500..=599) => format!("the server failed (HTTP {status}{text})"),
            (Locale::En, _) => format!("unexpected answer (HTTP {status}{text})"),
            (Locale::Zh, 404 | 410) => format!("找不到（HTTP {status}{text}）"),
            (Locale::Zh, 401 | 403) => {
                format!("拒绝访问（HTTP {status}{text}）；只能读取公开的文件")
            }
            (Locale::Zh, 500..=599) => format!("服务器出错（HTTP {status}{text}）"),
            (Locale::Zh, _) => format!("意外的响应（HTTP {status}{text}）"),
        }
    }

    pub fn timed_out(self, secs: u64) -> String {
        match self {
            Locale::En => format!("no answer within {secs} s (timed out)"),
            Locale::Zh => format!("{secs} 秒内没有响应（超时）"),
        }
    }

    /// The download stopped half-way (`detail`: the browser's words).
    pub fn broke_off(self, detail: &str) -> String {
        match self {
            Locale::En => format!("the download broke off ({detail})"),
            Locale::Zh => format!("下载中断（{detail}）"),
        }
    }

    /// Above pages showing articles from other sites (`?src=`): whose they are.
    pub fn foreign_articles(self, hosts: &str) -> String {
        match self {
            Locale::En => format!("Showing articles from {hosts}: they are not this site's own."),
            Locale::Zh => format!("正在显示来自 {hosts} 的文章，并非本站内容。"),
        }
    }

    /// The folded list of what was cut or read with fallbacks in a source's articles.
    pub fn source_notes(self, n: usize, host: &str) -> String {
        match self {
            Locale::En if n == 1 => format!("1 note on the articles from {host}"),
            Locale::En => format!("{n} notes on the articles from {host}"),
            Locale::Zh => format!("来自 {host} 的文章有 {n} 条说明"),
        }
    }

    /// A `?src=` the site's owner does not allow (`broadsheet-allow-src`).
    pub fn source_not_allowed(self, origin: &str) -> String {
        match self {
            Locale::En => format!("this site does not show articles from {origin}"),
            Locale::Zh => format!("本站不显示来自 {origin} 的文章"),
        }
    }

    /// A fetched file over its size limit (`limits::FileKind`).
    pub fn too_large(self, size: &str, limit: &str) -> String {
        match self {
            Locale::En => format!("the file is {size}, over the limit of {limit}"),
            Locale::Zh => format!("文件大小为 {size}，超过上限 {limit}"),
        }
    }

    pub fn no_cors(self) -> &'static str {
        match self {
            Locale::En => "the server does not allow cross-origin requests (no CORS header Access-Control-Allow-Origin)",
            Locale::Zh => "服务器不允许跨域请求（没有 CORS 响应头 Access-Control-Allow-Origin）",
        }
    }

    pub fn redirect_loop(self) -> &'static str {
        match self {
            Locale::En => "the server keeps redirecting (a redirect loop, or a redirect to an address that cannot be reached)",
            Locale::Zh => "服务器不断重定向（重定向循环，或重定向到无法访问的地址）",
        }
    }

    pub fn no_connection(self) -> &'static str {
        match self {
            Locale::En => "could not connect (network error, or nothing answers at that address)",
            Locale::Zh => "无法连接（网络错误，或该地址没有响应）",
        }
    }

    /// A document title: `Tags · Broadsheet`.
    pub fn title(self, page: &str, site: &str) -> String {
        format!("{page} · {site}")
    }

    // ---- dates ----

    /// The month's name: `April` / `4月`.
    pub fn month(self, m: u32) -> String {
        match self {
            Locale::En => MONTHS
                .get((m as usize).wrapping_sub(1))
                .copied()
                .unwrap_or("?")
                .to_owned(),
            Locale::Zh => format!("{m}月"),
        }
    }

    /// An archive month: `April 2021` / `2021年4月`.
    pub fn month_year(self, year: i32, m: u32) -> String {
        match self {
            Locale::En => format!(
                "{} {year}",
                MONTHS
                    .get((m as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or("?")
            ),
            Locale::Zh => format!("{year}年{m}月"),
        }
    }

    /// An archive year: `2021` / `2021年`.
    pub fn year(self, year: i32) -> String {
        match self {
            Locale::En => year.to_string(),
            Locale::Zh => format!("{year}年"),
        }
    }

    /// A date as lists and the article page show it: `Apr 30, 2021` / `2021年4月30日`,
    /// from the catalog's RFC 3339 text (its calendar date, in the writer's offset).
    /// `None` when the text does not start with a valid `YYYY-MM-DD`.
    pub fn date(self, rfc3339: &str) -> Option<String> {
        let (y, m, d) = ymd(rfc3339)?;
        Some(match self {
            Locale::En => format!("{} {d}, {y}", MONTHS_SHORT[m as usize - 1]),
            Locale::Zh => format!("{y}年{m}月{d}日"),
        })
    }

    /// With the time of day as written: `Apr 30, 2021, 21:34` / `2021年4月30日 21:34`
    /// (the date alone when the text has no time).
    pub fn date_time(self, rfc3339: &str) -> Option<String> {
        let date = self.date(rfc3339)?;
        let time = rfc3339.get(11..16).filter(|t| {
            let b = t.as_bytes();
            matches!(rfc3339.as_bytes()[10], b'T' | b't' | b' ')
                && b[2] == b':'
                && [b[0], b[1], b[3], b[4]].iter().all(u8::is_ascii_digit)
        });
        Some(match (self, time) {
            (_, None) => date,
            (Locale::En, Some(t)) => format!("{date}, {t}"),
            (Locale::Zh, Some(t)) => format!("{date} {t}"),
        })
    }
}

/// What a not-found page is about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Missing {
    #[default]
    Page,
    Article,
    Category,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2021-04-30…` → (2021, 4, 30), checked against the calendar.
fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || b.len() > 10 && b[10].is_ascii_digit() {
        return None;
    }
    let y: i32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some((y, m, d))
}

/// Declares [`Messages`] and the list of its fields (for the tests that check both
/// tables are complete).
macro_rules! messages {
    ($( $(#[doc = $doc:literal])* $name:ident ),* $(,)?) => {
        /// The plain (parameterless) messages of one locale.
        pub struct Messages {
            $( $(#[doc = $doc])* pub $name: &'static str, )*
        }

        impl Messages {
            /// Every message with its field name, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$( (stringify!($name), self.$name) ),*]
            }
        }
    };
}

messages! {
    // Frame
    skip_to_content,
    /// The category tree's heading and accessible name, and the drawer toggle's.
    categories,
    /// The browse links' accessible name.
    browse,
    latest,
    tags,
    authors,
    archive,
    search_placeholder,
    search_label,
    /// Under the search box of a page read without JavaScript.
    search_needs_js,
    footer,
    /// The footer's link to the Atom feed.
    feed,
    /// The footer's setting for pictures from other sites (core::images) and its
    /// choices; a held picture's button and note.
    pictures_setting,
    pictures_always,
    pictures_on_click,
    pictures_never,
    picture_show,
    picture_off,
    /// The theme switch: its hidden prefix and the three choices.
    theme,
    theme_system,
    theme_light,
    theme_dark,
    /// Article page reading aids (app::components::reading).
    copy_link,
    share,
    link_copied,
    back_to_top,
    image_unavailable,
    enlarged_image,
    close,
    /// The language switch's accessible name.
    language,
    no_categories,
    category_path,
    /// Breadcrumbs' first step.
    all,
    /// The pager's accessible name.
    pages,
    newer,
    older,
    // Search
    search,
    filtered,
    searching_full_text,
    no_filter_match,
    no_more_results,
    sort,
    sort_results,
    relevance,
    newest,
    oldest,
    refine_results,
    category,
    date,
    // Lists
    no_articles,
    no_dated_articles,
    empty_period,
    empty_author,
    empty_tag,
    empty_category,
    nothing_yet,
    subcategories,
    // Article page
    back_to_list,
    contents,
    more_articles,
    article_error,
    // States and sources
    loading_articles,
    loading_article,
    loading,
    catalog_error,
    could_not_load,
    /// Between a URL or title and the reason it failed.
    reason_sep,
    retry,
    failed_sources,
    // Opened files
    your_posts,
    read_your_posts,
    open_files,
    open_folder,
    open_hint,
    drop_here,
    close_files,
    // Not found
    not_found,
    not_found_hint,
    go_latest,
    // Crash
    crash_title,
    crash_text,
    reload,
    // Embed widget
    embed_more,
    embed_read_on_site,
    embed_empty,
}

pub static EN: Messages = Messages {
    skip_to_content: "Skip to content",
    categories: "Categories",
    browse: "Browse",
    latest: "Latest",
    tags: "Tags",
    authors: "Authors",
    archive: "Archive",
    search_placeholder: "Search…  ( / )",
    search_needs_js: "Search needs JavaScript.",
    pictures_setting: "Pictures from other sites",
    pictures_always: "Always",
    pictures_on_click: "On click",
    pictures_never: "Never",
    picture_show: "Show picture from",
    picture_off: "Picture not loaded:",
    search_label: "Search articles",
    footer: "posts read in your browser",
    feed: "Feed",
    theme: "Theme",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    copy_link: "Copy link",
    share: "Share…",
    link_copied: "Link copied",
    back_to_top: "Back to top",
    image_unavailable: "Image unavailable",
    enlarged_image: "Enlarged image",
    close: "Close",
    language: "Language",
    no_categories: "No categories yet.",
    category_path: "Category path",
    all: "All",
    pages: "Pages",
    newer: "← Newer",
    older: "Older →",
    search: "Search",
    filtered: "Filtered articles",
    searching_full_text: " · searching full text…",
    no_filter_match: "No articles match these filters.",
    no_more_results: "No more results.",
    sort: "Sort:",
    sort_results: "Sort results",
    relevance: "Relevance",
    newest: "Newest",
    oldest: "Oldest",
    refine_results: "Refine results",
    category: "Category",
    date: "Date",
    no_articles: "No articles match.",
    no_dated_articles: "No dated articles yet.",
    empty_period: "No articles in this period.",
    empty_author: "No articles by this author.",
    empty_tag: "No articles with this tag.",
    empty_category: "No articles in this category.",
    nothing_yet: "Nothing here yet.",
    subcategories: "Subcategories",
    back_to_list: "← Back to the list",
    contents: "Contents",
    more_articles: "More articles",
    article_error: "Could not load this article",
    loading_articles: "Loading articles",
    loading_article: "Loading the article",
    loading: "Loading…",
    catalog_error: "Could not load the articles",
    could_not_load: "Could not load ",
    reason_sep: ": ",
    retry: "Retry",
    failed_sources: "Sources that could not be loaded",
    your_posts: "Your own posts",
    read_your_posts: "Read your own posts",
    open_files: "Open files",
    open_folder: "Open folder",
    open_hint: "…or drop files or a folder on the page. They are read in your browser; nothing is uploaded.",
    drop_here: "Drop posts or a folder to read them here",
    close_files: "Close files",
    not_found: "Not found",
    not_found_hint: "The link may be old, or the address mistyped.",
    go_latest: "Go to the latest articles",
    crash_title: "Something went wrong in Broadsheet",
    crash_text: "The page stopped working because of a bug, not because of your articles. Reloading usually helps.",
    reload: "Reload",
    embed_more: "More articles ›",
    embed_read_on_site: "Read on the site ↗",
    embed_empty: "No articles here yet.",
};

pub static ZH: Messages = Messages {
    skip_to_content: "跳到正文",
    categories: "分类",
    browse: "浏览",
    latest: "最新",
    tags: "标签",
    authors: "作者",
    archive: "归档",
    search_placeholder: "搜索…  ( / )",
    search_needs_js: "搜索需要启用 JavaScript。",
    pictures_setting: "其他网站的图片",
    pictures_always: "总是显示",
    pictures_on_click: "点击后显示",
    pictures_never: "从不显示",
    picture_show: "显示图片，来自",
    picture_off: "未加载图片：",
    search_label: "搜索文章",
    footer: "在浏览器中阅读文章",
    feed: "订阅",
    theme: "主题",
    theme_system: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    copy_link: "复制链接",
    share: "分享…",
    link_copied: "链接已复制",
    back_to_top: "回到顶部",
    image_unavailable: "图片无法显示",
    enlarged_image: "放大的图片",
    close: "关闭",
    language: "语言",
    no_categories: "暂无分类。",
    category_path: "分类路径",
    all: "全部",
    pages: "分页",
    newer: "← 较新",
    older: "较早 →",
    search: "搜索",
    filtered: "筛选出的文章",
    searching_full_text: " · 正在搜索全文…",
    no_filter_match: "没有符合这些筛选条件的文章。",
    no_more_results: "没有更多结果了。",
    sort: "排序：",
    sort_results: "结果排序",
    relevance: "相关度",
    newest: "最新",
    oldest: "最早",
    refine_results: "筛选结果",
    category: "分类",
    date: "日期",
    no_articles: "没有匹配的文章。",
    no_dated_articles: "暂无带日期的文章。",
    empty_period: "这段时间没有文章。",
    empty_author: "这位作者暂无文章。",
    empty_tag: "这个标签下暂无文章。",
    empty_category: "这个分类下暂无文章。",
    nothing_yet: "这里还没有内容。",
    subcategories: "子分类",
    back_to_list: "← 返回列表",
    contents: "目录",
    more_articles: "更多文章",
    article_error: "无法加载这篇文章",
    loading_articles: "正在加载文章",
    loading_article: "正在加载文章内容",
    loading: "加载中…",
    catalog_error: "无法加载文章",
    could_not_load: "无法加载 ",
    reason_sep: "：",
    retry: "重试",
    failed_sources: "无法加载的来源",
    your_posts: "你自己的文章",
    read_your_posts: "阅读你自己的文章",
    open_files: "打开文件",
    open_folder: "打开文件夹",
    open_hint: "……也可以把文件或文件夹拖到页面上。它们只在你的浏览器中读取，不会上传。",
    drop_here: "松开即可在这里阅读这些文章或文件夹",
    close_files: "关闭文件",
    not_found: "未找到",
    not_found_hint: "链接可能已失效，或地址输入有误。",
    go_latest: "查看最新文章",
    crash_title: "Broadsheet 出错了",
    crash_text: "页面因程序缺陷而停止工作，与你的文章无关。重新加载通常就能恢复。",
    reload: "重新加载",
    embed_more: "更多文章 ›",
    embed_read_on_site: "在网站上阅读 ↗",
    embed_empty: "这里还没有文章。",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::read_post;
    use crate::core::dates::{parse_date, to_rfc3339};

    #[test]
    fn every_message_is_there_in_both_languages() {
        let (en, zh) = (EN.entries(), ZH.entries());
        assert_eq!(en.len(), zh.len());
        for ((name, e), (_, z)) in en.iter().zip(&zh) {
            assert!(!e.trim().is_empty(), "English {name} is empty");
            assert!(!z.trim().is_empty(), "Chinese {name} is empty");
        }
        // A Chinese message left in English would show no CJK at all (punctuation-only
        // and shared messages excepted).
        for (name, z) in &zh {
            let shared = ["search_placeholder", "reason_sep"];
            if !shared.contains(name) {
                assert!(
                    z.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "Chinese {name} has no Chinese: {z:?}"
                );
            }
            assert_ne!(
                Some(z),
                EN.entries().iter().find(|(n, _)| n == name).map(|(_, e)| e),
                "{name} is untranslated"
            );
        }
    }

    #[test]
    fn messages_with_parameters_in_both_languages() {
        for l in Locale::ALL {
            let all = [
                l.articles(3),
                l.results(3),
                l.files(3),
                l.minutes(4),
                l.minutes_read(4),
                l.more(8),
                l.search_heading("q"),
                l.no_match("q"),
                l.remove_filter("x"),
                l.months_of(2021),
                l.updated("d"),
                l.loading_sources(2, 3),
                l.reading_files(3),
                l.files_unreadable(3),
                l.showing_local(3, "f"),
                l.no_posts_opened(3),
                l.not_found(Missing::Page).to_owned(),
                l.not_found(Missing::Article).to_owned(),
                l.not_found(Missing::Category).to_owned(),
                l.month(4),
                l.month_year(2021, 4),
                l.year(2021),
                l.http_status(404, "Not Found"),
                l.http_status(403, ""),
                l.http_status(503, ""),
                l.http_status(302, ""),
                l.timed_out(15),
                l.broke_off("x"),
                l.no_cors().to_owned(),
                l.redirect_loop().to_owned(),
                l.no_connection().to_owned(),
            ];
            for m in all {
                assert!(!m.trim().is_empty(), "{l:?}");
            }
        }
        assert_eq!(Locale::En.search_heading("安全"), "Search: “安全”");
        assert_eq!(Locale::Zh.search_heading("安全"), "搜索：“安全”");
        assert_eq!(Locale::En.loading_sources(2, 3), "Loading 2 of 3 sources…");
        assert_eq!(
            Locale::En.showing_local(63, "hexo-news-zh"),
            "Showing 63 articles from hexo-news-zh, read in your browser (nothing is uploaded)."
        );
        assert_eq!(Locale::En.files_unreadable(1), "1 file could not be read");
        assert_eq!(Locale::Zh.files_unreadable(2), "2 个文件无法读取");
        assert_eq!(
            Locale::En.not_found(Missing::Article),
            "This article does not exist"
        );
        assert_eq!(Locale::Zh.minutes_read(4), "阅读约 4 分钟");
        // The browser tests look for these (sources, faults).
        assert_eq!(
            Locale::En.http_status(404, "Not Found"),
            "not found (HTTP 404 Not Found)"
        );
        assert_eq!(Locale::Zh.http_status(404, ""), "找不到（HTTP 404）");
        assert_eq!(
            Locale::En.timed_out(15),
            "no answer within 15 s (timed out)"
        );
    }

    #[test]
    fn english_plurals() {
        assert_eq!(Locale::En.articles(0), "0 articles");
        assert_eq!(Locale::En.articles(1), "1 article");
        assert_eq!(Locale::En.articles(3), "3 articles");
        assert_eq!(Locale::En.results(1), "1 result");
        assert_eq!(Locale::En.results(21), "21 results");
        assert_eq!(Locale::En.files(1), "1 file");
        assert_eq!(Locale::En.files(2), "2 files");
        assert_eq!(Locale::En.articles(10_000), "10,000 articles");
        assert_eq!(Locale::Zh.articles(1), "1 篇文章");
        assert_eq!(Locale::Zh.articles(10_000), "10,000 篇文章");
        assert_eq!(Locale::Zh.results(3), "3 个结果");
        assert_eq!(
            Locale::En.no_posts_opened(1),
            "The file opened is not a post (.md, .markdown, .html, .htm, .txt)."
        );
        assert_eq!(
            Locale::En.no_posts_opened(2),
            "None of the 2 files opened is a post (.md, .markdown, .html, .htm, .txt)."
        );
    }

    #[test]
    fn numbers_group_thousands() {
        for l in Locale::ALL {
            assert_eq!(l.number(0), "0");
            assert_eq!(l.number(7), "7");
            assert_eq!(l.number(999), "999");
            assert_eq!(l.number(1000), "1,000");
            assert_eq!(l.number(10_000), "10,000");
            assert_eq!(l.number(123_456), "123,456");
            assert_eq!(l.number(1_234_567), "1,234,567");
            assert_eq!(
                l.number(usize::MAX).replace(',', ""),
                usize::MAX.to_string()
            );
        }
    }

    /// The seed post's date is an RFC 2822 string (`Fri, 30 Apr 2021 21:34:00 GMT`):
    /// through the reader and the catalog's RFC 3339 text, as the app gets it.
    #[test]
    fn the_seed_articles_date() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/seed/000_0c883d887ca44e44.txt"
        );
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipped: {path} is not there");
            return;
        };
        let post = read_post("000_0c883d887ca44e44.txt", &bytes).expect("the seed post reads");
        let date = post.article.date.clone().expect("the seed post has a date");
        assert_eq!(date, "2021-04-30T21:34:00Z");
        assert_eq!(Locale::En.date(&date).as_deref(), Some("Apr 30, 2021"));
        assert_eq!(Locale::Zh.date(&date).as_deref(), Some("2021年4月30日"));
        assert_eq!(
            Locale::En.date_time(&date).as_deref(),
            Some("Apr 30, 2021, 21:34")
        );
        assert_eq!(
            Locale::Zh.date_time(&date).as_deref(),
            Some("2021年4月30日 21:34")
        );
        assert_eq!(Locale::En.month_year(2021, 4), "April 2021");
        assert_eq!(Locale::Zh.month_year(2021, 4), "2021年4月");
        assert_eq!(Locale::Zh.year(2021), "2021年");
        assert_eq!(Locale::En.year(2021), "2021");
        assert_eq!(Locale::Zh.month(4), "4月");
        assert_eq!(Locale::En.month(4), "April");
    }

    #[test]
    fn dates_keep_the_writers_calendar_day() {
        // 23:30 at UTC+8 is the 1st where it was written, whatever the reader's zone.
        let d = to_rfc3339(&parse_date("2021-05-01 23:30:00 +0800").unwrap());
        assert_eq!(Locale::En.date(&d).as_deref(), Some("May 1, 2021"));
        assert_eq!(Locale::Zh.date(&d).as_deref(), Some("2021年5月1日"));
        assert_eq!(
            Locale::En.date("2015-09-24").as_deref(),
            Some("Sep 24, 2015")
        );
        assert_eq!(
            Locale::En.date_time("2015-09-24").as_deref(),
            Some("Sep 24, 2015")
        );
        assert_eq!(
            Locale::En.date("2020-12-31T00:00:00Z").as_deref(),
            Some("Dec 31, 2020")
        );
        assert_eq!(
            Locale::Zh.date("2020-01-02T00:00:00Z").as_deref(),
            Some("2020年1月2日")
        );
    }

    #[test]
    fn odd_dates_are_none_not_panics() {
        for s in [
            "",
            "2021",
            "2021-13-01",
            "2021-02-30",
            "2021-4-3",
            "20210430",
            "２０２１-04-30",
            "2021-04-301",
            "yesterday",
        ] {
            assert_eq!(Locale::En.date(s), None, "{s:?}");
            assert_eq!(Locale::Zh.date_time(s), None, "{s:?}");
        }
        assert_eq!(Locale::En.month(13), "?");
        assert_eq!(Locale::En.month(0), "?");
        assert_eq!(
            Locale::En.date_time("2021-04-30T2").as_deref(),
            Some("Apr 30, 2021")
        );
        assert_eq!(
            Locale::En.date_time("2021-04-30Tab:cd").as_deref(),
            Some("Apr 30, 2021")
        );
    }

    #[test]
    fn browser_languages_choose_the_locale() {
        assert_eq!(Locale::negotiate(["zh-CN", "en"]), Locale::Zh);
        assert_eq!(Locale::negotiate(["en-US", "zh-CN"]), Locale::En);
        assert_eq!(Locale::negotiate(["fr-FR", "zh"]), Locale::Zh);
        assert_eq!(Locale::negotiate(["fr-FR", "de"]), Locale::En);
        assert_eq!(Locale::negotiate(Vec::<String>::new()), Locale::En);
        // Traditional Chinese readers get the Simplified strings (there is no
        // Traditional catalog).
        for t in ["zh-TW", "zh-HK", "zh-Hant-TW", "zh_CN", "ZH", "zh-Hans"] {
            assert_eq!(Locale::parse(t), Some(Locale::Zh), "{t}");
        }
        for t in ["en", "en-GB", "EN-us"] {
            assert_eq!(Locale::parse(t), Some(Locale::En), "{t}");
        }
        for t in ["", "z", "zhx", "eng", "ja-JP"] {
            assert_eq!(Locale::parse(t), None, "{t}");
        }
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.code()), Some(l));
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
    }
}
