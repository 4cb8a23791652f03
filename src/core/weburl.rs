//! Absolute URLs (WHATWG URL Standard): parsing, joining a relative reference, the few
//! parts the core looks at.
//!
//! Natively this is the `url` crate. In the browser it is the browser's own `URL`,
//! which implements the same standard (and is what will load the URL in the end), so
//! the `url` crate and the IDNA/Unicode tables it carries for international domain
//! names stay out of the wasm bundle (155 kB of wasm, 54 kB brotli, measured).
//! The cases below run natively; the browser suite runs the same paths through the
//! app (`?src=` URLs, rebased catalogs).

/// A parsed absolute URL. Not `Clone`: in the browser it is a handle to a mutable
/// JS object.
pub struct WebUrl(imp::Inner);

impl WebUrl {
    /// Parses an absolute URL; the error says why not (in the parser's words).
    pub fn parse(s: &str) -> Result<WebUrl, String> {
        imp::parse(s, None).map(WebUrl)
    }

    /// Resolves `reference` (relative or absolute) against this URL.
    pub fn join(&self, reference: &str) -> Result<WebUrl, String> {
        imp::parse(reference, Some(&self.0)).map(WebUrl)
    }

    /// The scheme, lowercase, without the `:`.
    pub fn scheme(&self) -> String {
        imp::scheme(&self.0)
    }

    /// Whether the URL carries a user name or a password (`https://u:p@host/`).
    pub fn has_credentials(&self) -> bool {
        imp::has_credentials(&self.0)
    }

    /// The path, percent-encoded, starting with `/` for http(s).
    pub fn path(&self) -> String {
        imp::path(&self.0)
    }

    /// Replaces the path (percent-encoded as needed).
    pub fn set_path(&mut self, path: &str) {
        imp::set_path(&mut self.0, path)
    }

    /// Drops the `#fragment`, `#` included.
    pub fn clear_fragment(&mut self) {
        imp::clear_fragment(&mut self.0)
    }

    /// The serialized URL.
    pub fn href(&self) -> String {
        imp::href(&self.0)
    }
}

impl std::fmt::Display for WebUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.href())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub type Inner = url::Url;

    pub fn parse(s: &str, base: Option<&Inner>) -> Result<Inner, String> {
        match base {
            Some(b) => b.join(s),
            None => url::Url::parse(s),
        }
        .map_err(|e| e.to_string())
    }
    pub fn scheme(u: &Inner) -> String {
        u.scheme().to_owned()
    }
    pub fn has_credentials(u: &Inner) -> bool {
        !u.username().is_empty() || u.password().is_some()
    }
    pub fn path(u: &Inner) -> String {
        u.path().to_owned()
    }
    pub fn set_path(u: &mut Inner, path: &str) {
        u.set_path(path)
    }
    pub fn clear_fragment(u: &mut Inner) {
        u.set_fragment(None)
    }
    pub fn href(u: &Inner) -> String {
        u.as_str().to_owned()
    }
}

/// Only wasm-bindgen here, like `body/dom.rs`: the core stays free of web-sys.
#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// The global `URL` class.
        #[wasm_bindgen(js_name = URL)]
        pub type Inner;
        #[wasm_bindgen(constructor, js_class = "URL", catch)]
        fn new(url: &str) -> Result<Inner, JsValue>;
        #[wasm_bindgen(constructor, js_class = "URL", catch)]
        fn new_with_base(url: &str, base: &Inner) -> Result<Inner, JsValue>;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn href(this: &Inner) -> String;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn protocol(this: &Inner) -> String;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn username(this: &Inner) -> String;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn password(this: &Inner) -> String;
        #[wasm_bindgen(method, getter, js_class = "URL")]
        fn pathname(this: &Inner) -> String;
        #[wasm_bindgen(method, setter, js_class = "URL")]
        fn set_pathname(this: &Inner, value: &str);
        #[wasm_bindgen(method, setter, js_class = "URL")]
        fn set_hash(this: &Inner, value: &str);
    }

    pub fn parse(s: &str, base: Option<&Inner>) -> Result<Inner, String> {
        match base {
            Some(b) => Inner::new_with_base(s, b),
            None => Inner::new(s),
        }
        .map_err(|e| {
            js_sys::Reflect::get(&e, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "invalid URL".into())
        })
    }
    pub fn scheme(u: &Inner) -> String {
        let p = u.protocol();
        p.strip_suffix(':').unwrap_or(&p).to_owned()
    }
    pub fn has_credentials(u: &Inner) -> bool {
        !u.username().is_empty() || !u.password().is_empty()
    }
    pub fn path(u: &Inner) -> String {
        u.pathname()
    }
    pub fn set_path(u: &mut Inner, path: &str) {
        u.set_pathname(path)
    }
    pub fn clear_fragment(u: &mut Inner) {
        u.set_hash("")
    }
    pub fn href(u: &Inner) -> String {
        u.href()
    }
}

#[cfg(test)]
mod tests {
    use super::WebUrl;

    #[test]
    fn parses_joins_and_edits_like_the_url_standard() {
        let base = WebUrl::parse("https://X.example/site/catalog.json?v=1#top").unwrap();
        assert_eq!(base.scheme(), "https");
        assert_eq!(base.href(), "https://x.example/site/catalog.json?v=1#top");
        assert_eq!(base.path(), "/site/catalog.json");
        assert_eq!(
            base.join("../img/a b.png").unwrap().href(),
            "https://x.example/img/a%20b.png"
        );
        assert_eq!(
            base.join("//cdn.example/x").unwrap().href(),
            "https://cdn.example/x"
        );
        let mut u = base.join("posts/").unwrap();
        u.clear_fragment();
        let p = format!("{}catalog.json", u.path());
        u.set_path(&p);
        assert_eq!(u.href(), "https://x.example/site/posts/catalog.json");
        assert!(!u.has_credentials());
        assert!(WebUrl::parse("https://u:p@x.example/")
            .unwrap()
            .has_credentials());
        assert!(WebUrl::parse("https://u@x.example/")
            .unwrap()
            .has_credentials());
        // International domain names are encoded as the browser does.
        assert_eq!(
            WebUrl::parse("https://例子.测试/新闻").unwrap().href(),
            "https://xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB"
        );
        assert!(WebUrl::parse("not a url").is_err());
        assert!(WebUrl::parse("https://exa mple.com/").is_err());
        assert_eq!(
            WebUrl::parse("JavaScript:alert(1)").unwrap().scheme(),
            "javascript"
        );
    }
}
