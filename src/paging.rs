//! Long lists split over several pages: a category's questions with their answers, the
//! entries at the top of `content/` (on the home page), a tag's questions. Page 1 keeps the
//! list's own address; page `n` is at `<address>page/<n>/`, as in Zola and Hugo.

use crate::reserved::PAGE_DIR;

/// Questions listed (as links, without answers) on each page of a tag: a link is light, so
/// many fit under the page budget.
pub const TAG_PAGE_SIZE: usize = 100;

/// How many pages `count` items fill at `size` a page: always at least one, so an empty
/// category still has its page.
pub fn page_count(count: usize, size: usize) -> usize {
    count.div_ceil(size.max(1)).max(1)
}

/// The site path of page `number` (1-based) of the list whose first page is at `path`
/// (`""` for the home page, `loans/` for a category).
pub fn page_path(path: &str, number: usize) -> String {
    if number <= 1 {
        path.to_string()
    } else {
        format!("{path}{PAGE_DIR}/{number}/")
    }
}

/// The site paths of every page of the list at `path` of `count` items at `size` a page, the
/// first page (`path` itself) first: one list for the pages rendered, claimed and in the
/// sitemap.
pub fn paths(path: &str, count: usize, size: usize) -> impl Iterator<Item = String> + '_ {
    (1..=page_count(count, size)).map(move |number| page_path(path, number))
}

/// The page numbers to link to from page `current` of `total`: the first, the last, and two
/// on each side of the current one; `None` where numbers are left out. Keeps the pager short
/// on a category of thousands of questions.
pub fn window(current: usize, total: usize) -> Vec<Option<usize>> {
    const AROUND: usize = 2;
    let mut numbers = Vec::new();
    for number in 1..=total {
        let near = number.abs_diff(current) <= AROUND;
        if number == 1 || number == total || near {
            numbers.push(Some(number));
        } else if numbers.last() != Some(&None) {
            numbers.push(None);
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(5, 0), 5, "a size of 0 is read as 1");
    }

    #[test]
    fn first_page_keeps_the_address() {
        assert_eq!(page_path("loans/", 1), "loans/");
        assert_eq!(page_path("loans/", 3), "loans/page/3/");
        assert_eq!(page_path("", 2), "page/2/");
        let all: Vec<String> = paths("loans/", 41, 20).collect();
        assert_eq!(all, ["loans/", "loans/page/2/", "loans/page/3/"]);
    }

    #[test]
    fn window_leaves_out_far_pages() {
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            window(10, 50),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(50)
            ]
        );
        assert_eq!(window(1, 8), vec![Some(1), Some(2), Some(3), None, Some(8)]);
    }
}
