//! Typo tolerance: finding the index's terms one slip away from a term nobody wrote.
//!
//! Each term of the index is stored beside its *deletion neighbours* (the term with one letter left out),
//! and a query term that the index does not know is looked up by its own neighbours. Two terms share a
//! neighbour, or one is the other's neighbour, exactly when one letter was added, dropped, changed or two
//! letters swapped; [`within_one_edit`] then confirms the candidate. One lookup on an ordinary index serves
//! both databases, with no scan of the vocabulary.

/// A query word shorter than this is taken as written: a one-letter slip in a short word is another word.
pub const MIN_TYPO_WORD: usize = 5;

/// Terms shorter than this get no neighbours in the index: stems of words of [`MIN_TYPO_WORD`] letters
/// are at least this long, and short terms are the most numerous.
pub const MIN_TYPO_TERM: usize = 4;

/// Whether a word as typed is long enough to be corrected.
pub fn tolerates_typos(word: &str) -> bool {
    word.chars().count() >= MIN_TYPO_WORD && word.chars().any(char::is_alphabetic)
}

/// The term with each one of its letters left out, without repeats, in order.
pub fn deletion_neighbours(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let mut out: Vec<String> = Vec::with_capacity(chars.len());
    for skip in 0..chars.len() {
        let neighbour: String = chars
            .iter()
            .enumerate()
            .filter(|&(at, _)| at != skip)
            .map(|(_, c)| c)
            .collect();
        if out.last() != Some(&neighbour) {
            out.push(neighbour);
        }
    }
    out
}

/// Whether `a` becomes `b` by at most one insertion, deletion, substitution or swap of neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let common_prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if common_prefix == short.len() {
        // Equal, or `long` is `short` with one letter added at the end.
        return true;
    }
    let i = common_prefix;
    if short.len() == long.len() {
        // One substitution, or a swap of two neighbouring letters.
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        // One insertion into `short` at `i`.
        short[i..] == long[i + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours_leave_out_one_letter_each() {
        assert_eq!(deletion_neighbours("abc"), ["bc", "ac", "ab"]);
        assert_eq!(deletion_neighbours("aab"), ["ab", "aa"]);
        assert_eq!(deletion_neighbours("fattur").len(), 5);
    }

    #[test]
    fn one_edit_of_each_kind_is_accepted() {
        assert!(within_one_edit("factur", "factur"));
        assert!(within_one_edit("factur", "facttur"));
        assert!(within_one_edit("factur", "fctur"));
        assert!(within_one_edit("factur", "factor"));
        assert!(within_one_edit("factur", "fatcur"));
        assert!(within_one_edit("factur", "facturx"));
        assert!(within_one_edit("impresor", "mpresor"));
    }

    #[test]
    fn two_edits_are_refused() {
        assert!(!within_one_edit("factur", "fatcor"));
        assert!(!within_one_edit("factur", "fact"));
        assert!(!within_one_edit("factur", "fac"));
        assert!(!within_one_edit("abcd", "badc"));
        assert!(!within_one_edit("printer", "pinrtre"));
    }

    #[test]
    fn every_one_edit_pair_shares_a_neighbour() {
        // The property the index relies on: a lookup by neighbours finds every term one edit away.
        let term = "impresor";
        let typos = [
            "impressor",
            "impreor",
            "imprezor",
            "ipmresor",
            "mpresor",
            "impresorr",
        ];
        for typo in typos {
            assert!(within_one_edit(term, typo), "{typo}");
            let mut theirs = deletion_neighbours(typo);
            theirs.push(typo.to_owned());
            let mut ours = deletion_neighbours(term);
            ours.push(term.to_owned());
            assert!(
                ours.iter().any(|n| theirs.contains(n)),
                "{typo} shares no neighbour with {term}"
            );
        }
    }

    #[test]
    fn short_words_are_taken_as_written() {
        assert!(!tolerates_typos("cart"));
        assert!(tolerates_typos("carta"));
        assert!(!tolerates_typos("12345"));
    }
}
