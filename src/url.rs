//! The one place that knows where the site lives: every link, asset and canonical URL is made
//! here, so a site published under a sub-path (`https://owner.github.io/my-faq/`) works.

use std::fmt;

/// The site's public address, split into origin and path so links can be made root-relative.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// `https://owner.github.io` (no trailing slash).
    origin: String,
    /// `/my-faq/`: always starts and ends with `/`.
    path: String,
}

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBaseUrl(pub String);

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl BaseUrl {
    /// Parses `http(s)://host[:port][/path]`; a missing trailing slash is added.
    pub fn parse(text: &str) -> Result<Self, InvalidBaseUrl> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| {
                InvalidBaseUrl(format!(
                    "base URL `{text}` must start with https:// or http://"
                ))
            })?;
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
            return Err(InvalidBaseUrl(format!(
                "base URL `{text}` has no valid host"
            )));
        }
        if path.contains(['?', '#', ' ']) {
            return Err(InvalidBaseUrl(format!(
                "base URL `{text}` cannot have a query, fragment or space"
            )));
        }
        let scheme_len = text.len() - rest.len();
        let mut path = path.trim_end_matches('/').to_string();
        path.push('/');
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Ok(BaseUrl {
            origin: text[..scheme_len + host.len()].to_string(),
            path,
        })
    }

    /// Root-relative link to a site path: `link("causes/")` → `/my-faq/causes/`.
    /// Root-relative links keep working in a local preview on another host.
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path.trim_start_matches('/'))
    }

    /// Absolute URL for canonical links, the sitemap, the feed and structured data.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.link(site_path))
    }

    /// The address of the folder `folder` under this one: `under("fr")` of
    /// `https://o.github.io/faq/` is `https://o.github.io/faq/fr/`.
    pub fn under(&self, folder: &str) -> BaseUrl {
        BaseUrl {
            origin: self.origin.clone(),
            path: format!("{}{}/", self.path, folder.trim_matches('/')),
        }
    }

    /// The sub-path the site lives under, `/` for a site at the root of its host.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The host name, e.g. for `CNAME` checks.
    pub fn host(&self) -> &str {
        let without_scheme = self.origin.split("://").nth(1).unwrap_or_default();
        without_scheme.split(':').next().unwrap_or_default()
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_links_and_absolute_urls() {
        let base = BaseUrl::parse("https://owner.github.io/my-faq").unwrap();
        assert_eq!(base.link(""), "/my-faq/");
        assert_eq!(base.link("causes/x/"), "/my-faq/causes/x/");
        assert_eq!(
            base.absolute("sitemap.xml"),
            "https://owner.github.io/my-faq/sitemap.xml"
        );
        assert_eq!(base.to_string(), "https://owner.github.io/my-faq/");
        assert_eq!(base.host(), "owner.github.io");
    }

    #[test]
    fn root_site_and_port() {
        let base = BaseUrl::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(base.link("/a/"), "/a/");
        assert_eq!(base.absolute(""), "http://127.0.0.1:8080/");
        assert_eq!(base.host(), "127.0.0.1");
    }

    #[test]
    fn refuses_what_is_not_a_web_address() {
        assert!(BaseUrl::parse("owner.github.io").is_err());
        assert!(BaseUrl::parse("https://").is_err());
        assert!(BaseUrl::parse("https://x.org/a?b").is_err());
    }
}
