//! The parameter (and gradient) vector type handed to argmin's L-BFGS by the sparse learner.
//!
//! Why it exists: argmin's L-BFGS does its vector arithmetic one operation at a time, each into a
//! new vector. Per iteration, its two-loop recursion and line search read or write about 55
//! vectors of all parameters (2.8 MB each on NewsDiscourse `role`), which took longer than the
//! objective itself. This type implements exactly the argmin-math traits that
//! [`argmin::solver::quasinewton::LBFGS`] and [`argmin::solver::linesearch::MoreThuenteLineSearch`]
//! require, and does that arithmetic symbolically:
//!
//! - A vector is a linear combination `Σ cᵢ·aᵢ` of *atoms*, the vectors that hold values
//!   (gradients, points, and combinations once computed). Sums, differences and multiples only
//!   combine coefficients. Values are computed when first needed, in one pass over the atoms: for
//!   the objective, and for the line search's direction `d`, once for all its trial points
//!   `x + α·d` (see [`ArgminScaledAdd`]).
//! - Dot products come from the atoms' dot products. When an atom first takes part in one, a
//!   single pass computes its products with every live atom of its run (the run's Gram matrix),
//!   so the two-loop recursion's twenty-odd dot products need no pass at all. A product whose
//!   terms cancel too much for that ([`CANCELLATION_LIMIT`]) is computed from values instead.
//! - The difference of a point and the point it was stepped from, `(x + α·d) − x`, is exactly
//!   `α·d`: a computed vector that holds the other operand as a term is taken as its terms, so
//!   the two cancel instead of subtracting two nearly equal vectors.
//!
//! An iteration on `role` then reads or writes about 29 vectors, not 55: `d` from its eleven atoms
//! (the current gradient and five earlier ones, and five earlier directions), the trial point
//! from `x` and `d`, the new gradient's and `d`'s products with the twelve live atoms, and the
//! gradient's max-norm. The products are many (25 per element), so the passes that take them
//! and that combine atoms run in AVX-512 or AVX2 registers where the CPU has them, with the same
//! bits as without. The fit of `role` takes 1.3 s instead of 1.7 s.
//!
//! Every pass works over fixed chunks of [`CHUNK`] elements, dot products are summed per chunk and
//! then over chunks in order, and a combination keeps its terms in atom order, so that every
//! result, and so the fitted model, is the same whatever the number of threads. Values never
//! change after they are computed: every operation returns a new vector.

use std::mem::MaybeUninit;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};
use rayon::prelude::*;

/// Elements per parallel task. Dot products sum each chunk, then the chunk sums in order, so this
/// (not the thread count) fixes the summation order.
pub const CHUNK: usize = 16_384;

/// Elements per block within a chunk: a pass works through a chunk block by block, so that the
/// blocks it reads several times (a new atom's, a sum being built) stay in the first-level cache.
const BLOCK: usize = 1024;

/// How much larger than a dot product the sum of its terms' magnitudes may be when it is taken
/// from the atoms' products. Each term is exact to about 1e-16 of itself, so the product keeps
/// about ten significant digits; beyond it, the product is computed from values.
const CANCELLATION_LIMIT: f64 = 1e5;

/// An immutable, cheaply cloned vector of `f64` for argmin (see the module documentation).
#[derive(Debug, Clone)]
pub struct ParamVec(Arc<Node>);

#[derive(Debug)]
struct Node {
    len: usize,
    /// The run whose atoms this vector's new atoms join.
    run: Arc<Run>,
    /// `Σ coefficient · atom`: atoms in id order, each once, no zero coefficient.
    terms: Vec<Term>,
    /// The values, once computed (for a vector made from values, its only atom).
    computed: OnceLock<Arc<Atom>>,
}

type Term = (f64, Arc<Atom>);

/// A vector that holds values.
#[derive(Debug)]
struct Atom {
    /// Unique and never reused (an address is).
    id: u64,
    values: Vec<f64>,
    run: Arc<Run>,
    /// Dot products with other atoms (and itself), by their id.
    dots: Mutex<Vec<(u64, f64)>>,
    /// Whether its products with every atom of its run registered before it are in `dots`.
    registered: AtomicBool,
}

/// The atoms of one solver run whose dot products with each other are known. Held weakly: an
/// atom goes with the last vector that uses it.
#[derive(Debug, Default)]
struct Run {
    registered: Mutex<Vec<Weak<Atom>>>,
}

impl Atom {
    fn new(values: Vec<f64>, run: Arc<Run>) -> Arc<Atom> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        Arc::new(Atom {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            values,
            run,
            dots: Mutex::new(Vec::new()),
            registered: AtomicBool::new(false),
        })
    }

    fn dots(&self) -> MutexGuard<'_, Vec<(u64, f64)>> {
        self.dots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The dot product with `other`, computed (in a pass over both) if not yet known.
    fn dot(&self, other: &Atom) -> f64 {
        let known = self
            .dots()
            .iter()
            .find(|(id, _)| *id == other.id)
            .map(|&(_, dot)| dot);
        known.unwrap_or_else(|| {
            let dot = chunked_dot(&self.values, &other.values);
            record(self, other, dot);
            dot
        })
    }
}

/// Stores `a · b = dot` in both atoms.
fn record(a: &Atom, b: &Atom, dot: f64) {
    a.dots().push((b.id, dot));
    if a.id != b.id {
        b.dots().push((a.id, dot));
    }
}

impl Run {
    /// Registers those of `atoms` that are of this run and not yet registered: one pass over them
    /// and every registered atom still alive computes their products with each other and with
    /// those.
    fn register(&self, atoms: &[&Arc<Atom>]) {
        let mut new: Vec<&Arc<Atom>> = atoms
            .iter()
            .copied()
            .filter(|atom| std::ptr::eq(&*atom.run, self))
            .filter(|atom| !atom.registered.load(Ordering::Relaxed))
            .collect();
        if new.is_empty() {
            return;
        }
        new.sort_by_key(|atom| atom.id);
        new.dedup_by_key(|atom| atom.id);
        let mut registered = self
            .registered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        registered.retain(|atom| atom.strong_count() > 0);
        let known: Vec<Arc<Atom>> = registered.iter().filter_map(Weak::upgrade).collect();
        let partners: Vec<&Atom> = known
            .iter()
            .map(|atom| &**atom)
            .chain(new.iter().map(|atom| &***atom))
            .collect();
        // Each new atom with every known atom, and with the new atoms up to itself.
        let first_new = known.len();
        let pairs: Vec<(usize, usize)> = (0..partners.len())
            .flat_map(|partner| {
                (0..new.len())
                    .filter(move |&i| partner <= first_new + i)
                    .map(move |i| (first_new + i, partner))
            })
            .collect();
        let pair_values: Vec<(&[f64], &[f64])> = pairs
            .iter()
            .map(|&(i, j)| (&partners[i].values[..], &partners[j].values[..]))
            .collect();
        for (&(i, j), dot) in pairs.iter().zip(dot_products(&pair_values)) {
            record(partners[i], partners[j], dot);
        }
        for atom in new {
            atom.registered.store(true, Ordering::Relaxed);
            registered.push(Arc::downgrade(atom));
        }
    }
}

impl ParamVec {
    /// `n` zeros, the start of a new run.
    pub fn zeros(n: usize) -> Self {
        ParamVec::from(vec![0.0; n])
    }

    /// A vector of `values` in the same run as `self`: its dot products with the run's vectors
    /// come from the run's known products.
    pub fn sibling(&self, values: Vec<f64>) -> ParamVec {
        assert_eq!(values.len(), self.len(), "vectors of different lengths");
        ParamVec::with_atom(Atom::new(values, Arc::clone(&self.0.run)))
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.0.len
    }

    /// The elements, computed now if they are not yet.
    pub fn to_values(&self) -> &[f64] {
        &self.atom().values
    }

    /// The largest absolute element: the max norm, taken in parallel.
    pub fn max_abs(&self) -> f64 {
        let chunk_maxima: Vec<f64> = self.to_values().par_chunks(CHUNK).map(max_abs).collect();
        max_abs(&chunk_maxima)
    }

    /// Whether `self` is `other` or a clone of it, or both are computed as the same atom: a
    /// cheap test that implies equal elements (vectors with equal elements need not be the same).
    pub fn same_values(&self, other: &ParamVec) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || matches!(
                (self.0.computed.get(), other.0.computed.get()),
                (Some(a), Some(b)) if Arc::ptr_eq(a, b)
            )
    }

    fn with_atom(atom: Arc<Atom>) -> ParamVec {
        ParamVec(Arc::new(Node {
            len: atom.values.len(),
            run: Arc::clone(&atom.run),
            terms: vec![(1.0, Arc::clone(&atom))],
            computed: OnceLock::from(atom),
        }))
    }

    fn with_terms(&self, terms: Vec<Term>) -> ParamVec {
        ParamVec(Arc::new(Node {
            len: self.len(),
            run: Arc::clone(&self.0.run),
            terms,
            computed: OnceLock::new(),
        }))
    }

    /// The atom holding the values, computed now (one pass over the terms' atoms) if needed.
    fn atom(&self) -> &Arc<Atom> {
        self.0
            .computed
            .get_or_init(|| match self.0.terms.as_slice() {
                [(coefficient, atom)] if *coefficient == 1.0 => Arc::clone(atom),
                terms => Atom::new(combined_values(self.len(), terms), Arc::clone(&self.0.run)),
            })
    }

    /// As a combination: its atom if computed, else its terms.
    fn form(&self) -> Vec<Term> {
        match self.0.computed.get() {
            Some(atom) => vec![(1.0, Arc::clone(atom))],
            None => self.0.terms.clone(),
        }
    }

    /// [`ParamVec::form`], except that a computed vector that holds `other`'s atom as a term is
    /// taken as its terms, so that `other` cancels exactly.
    fn form_against(&self, other: &ParamVec) -> Vec<Term> {
        match (self.0.computed.get(), other.0.computed.get()) {
            (Some(_), Some(theirs)) if self.0.terms.iter().any(|(_, a)| Arc::ptr_eq(a, theirs)) => {
                self.0.terms.clone()
            }
            _ => self.form(),
        }
    }

    /// `self · a + other · b`.
    fn combine(&self, a: f64, other: &ParamVec, b: f64) -> ParamVec {
        assert_eq!(self.len(), other.len(), "vectors of different lengths");
        self.with_terms(merge(
            &self.form_against(other),
            a,
            &other.form_against(self),
            b,
        ))
    }

    /// `f` applied to each element, in parallel.
    fn map(&self, f: impl Fn(f64) -> f64 + Sync + Send) -> ParamVec {
        let values = self.to_values();
        self.sibling(fill(self.len(), |start, out| {
            let end = start + out.len();
            for (o, &a) in out.iter_mut().zip(&values[start..end]) {
                o.write(f(a));
            }
        }))
    }

    /// `f` applied to each pair of elements of `self` and `other`, in parallel.
    fn zip_map(&self, other: &ParamVec, f: impl Fn(f64, f64) -> f64 + Sync + Send) -> ParamVec {
        assert_eq!(self.len(), other.len(), "vectors of different lengths");
        let (a, b) = (self.to_values(), other.to_values());
        self.sibling(fill(self.len(), |start, out| {
            let end = start + out.len();
            for ((o, &a), &b) in out.iter_mut().zip(&a[start..end]).zip(&b[start..end]) {
                o.write(f(a, b));
            }
        }))
    }
}

impl From<Vec<f64>> for ParamVec {
    /// A vector of `values`, the start of a new run.
    fn from(values: Vec<f64>) -> Self {
        ParamVec::with_atom(Atom::new(values, Arc::default()))
    }
}

/// Equal elements, whatever the representation.
impl PartialEq for ParamVec {
    fn eq(&self, other: &ParamVec) -> bool {
        self.to_values() == other.to_values()
    }
}

/// `a · ca + b · cb`, both in atom order; atoms in both have their coefficients added, and
/// terms whose coefficients cancel are dropped.
fn merge(a: &[Term], ca: f64, b: &[Term], cb: f64) -> Vec<Term> {
    let mut terms = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (coefficient, atom) = match (a.get(i), b.get(j)) {
            (Some((x, p)), Some((y, q))) if p.id == q.id => {
                (i, j) = (i + 1, j + 1);
                (ca * x + cb * y, p)
            }
            (Some((x, p)), Some((_, q))) if p.id < q.id => {
                i += 1;
                (ca * x, p)
            }
            (Some((x, p)), None) => {
                i += 1;
                (ca * x, p)
            }
            (_, Some((y, q))) => {
                j += 1;
                (cb * y, q)
            }
            (None, None) => unreachable!("the loop runs while a term is left"),
        };
        if coefficient != 0.0 {
            terms.push((coefficient, Arc::clone(atom)));
        }
    }
    terms
}

/// `Σ coefficient · atom` element by element, the terms added in order.
fn combined_values(n: usize, terms: &[Term]) -> Vec<f64> {
    fill(n, |start, out| combine_chunk(terms, start, out))
}

/// [`combined_values`] of one chunk starting at element `start`, block by block, so that the sum
/// being built stays in the first-level cache.
#[inline(always)]
fn combine_chunk_portable(terms: &[Term], start: usize, out: &mut [MaybeUninit<f64>]) {
    let Some(((first, atom), rest)) = terms.split_first() else {
        out.fill(MaybeUninit::new(0.0));
        return;
    };
    for (offset, out) in (start..).step_by(BLOCK).zip(out.chunks_mut(BLOCK)) {
        let range = offset..offset + out.len();
        for (o, &a) in out.iter_mut().zip(&atom.values[range.clone()]) {
            o.write(first * a);
        }
        // SAFETY: the loop above initialised every element of `out`.
        let out = unsafe { &mut *(out as *mut [MaybeUninit<f64>] as *mut [f64]) };
        for (coefficient, atom) in rest {
            for (o, &a) in out.iter_mut().zip(&atom.values[range.clone()]) {
                *o += coefficient * a;
            }
        }
    }
}

/// Defines `$name`, which runs the `#[inline(always)]` function `$portable` compiled for AVX-512
/// or AVX2 when the CPU has them: the same operations in the same order (Rust never fuses a
/// multiplication and an addition), so the same bits, in wider registers.
macro_rules! widest_registers {
    ($name:ident = $portable:ident ($($arg:ident: $ty:ty),*) $(-> $ret:ty)?) => {
        fn $name($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                fn avx512($($arg: $ty),*) $(-> $ret)? {
                    $portable($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) $(-> $ret)? {
                    $portable($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU has AVX-512.
                    return unsafe { avx512($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $portable($($arg),*)
        }
    };
}

widest_registers!(
    dots_of_chunk = dots_of_chunk_portable(
        pairs: &[(&[f64], &[f64])],
        range: Range<usize>
    ) -> Vec<f64>
);
widest_registers!(
    combine_chunk = combine_chunk_portable(
        terms: &[Term],
        start: usize,
        out: &mut [MaybeUninit<f64>]
    )
);

/// The largest absolute value in `values` (0 when empty): the max norm. NaN when any value is
/// NaN, so that a broken gradient never passes for a small one.
pub fn max_abs(values: &[f64]) -> f64 {
    values.iter().fold(0.0, |m: f64, a| {
        if a.is_nan() || m.is_nan() {
            f64::NAN
        } else {
            m.max(a.abs())
        }
    })
}

/// `n` values, written in parallel chunk by chunk by `write(start, chunk)`, which must initialise
/// every element of `chunk` (elements `start..start + chunk.len()`). The memory is not zeroed
/// first.
fn fill(n: usize, write: impl Fn(usize, &mut [MaybeUninit<f64>]) + Sync + Send) -> Vec<f64> {
    let mut values = Vec::with_capacity(n);
    values.spare_capacity_mut()[..n]
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(i, chunk)| write(i * CHUNK, chunk));
    // SAFETY: the chunks cover all `n` elements, and every caller's `write` initialises each
    // element of its chunk.
    unsafe { values.set_len(n) };
    values
}

/// The dot products of `pairs` (slices of one length), in one parallel pass over chunks of
/// [`CHUNK`] elements: each summed per chunk and then over chunks in order, so that the bits are
/// the same for any number of threads.
fn dot_products(pairs: &[(&[f64], &[f64])]) -> Vec<f64> {
    let len = pairs.first().map_or(0, |(a, _)| a.len());
    assert!(
        pairs.iter().all(|(a, b)| a.len() == len && b.len() == len),
        "vectors of different lengths"
    );
    let per_chunk: Vec<Vec<f64>> = (0..len.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| dots_of_chunk(pairs, chunk * CHUNK..((chunk + 1) * CHUNK).min(len)))
        .collect();
    (0..pairs.len())
        .map(|p| per_chunk.iter().map(|sums| sums[p]).sum())
        .collect()
}

/// `Σ a[i]·b[i]`, summed as [`dot_products`] sums it.
fn chunked_dot(a: &[f64], b: &[f64]) -> f64 {
    dot_products(&[(a, b)])[0]
}

/// The dot products of `pairs` over `range`, one chunk, block by block, each with eight running
/// sums (so that it vectorises) and its last elements added in order.
#[inline(always)]
fn dots_of_chunk_portable(pairs: &[(&[f64], &[f64])], range: Range<usize>) -> Vec<f64> {
    let whole = range.start + range.len() / 8 * 8;
    let mut sums = vec![[0.0; 8]; pairs.len()];
    for block in (range.start..whole).step_by(BLOCK) {
        let end = (block + BLOCK).min(whole);
        for ((a, b), pair_sums) in pairs.iter().zip(&mut sums) {
            // In a local, so that the sums stay in registers.
            let mut running = *pair_sums;
            for (a, b) in a[block..end]
                .chunks_exact(8)
                .zip(b[block..end].chunks_exact(8))
            {
                for ((s, a), b) in running.iter_mut().zip(a).zip(b) {
                    *s += a * b;
                }
            }
            *pair_sums = running;
        }
    }
    pairs
        .iter()
        .zip(sums)
        .map(|((a, b), s)| {
            let mut total = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
            for (a, b) in a[whole..range.end].iter().zip(&b[whole..range.end]) {
                total += a * b;
            }
            total
        })
        .collect()
}

impl ArgminDot<ParamVec, f64> for ParamVec {
    /// From the atoms' products (registering atoms new to them), unless the terms cancel beyond
    /// [`CANCELLATION_LIMIT`].
    fn dot(&self, other: &ParamVec) -> f64 {
        assert_eq!(self.len(), other.len(), "vectors of different lengths");
        let (a, b) = (self.form(), other.form());
        let atoms: Vec<&Arc<Atom>> = a.iter().chain(&b).map(|(_, atom)| atom).collect();
        // Each atom's own run: one, unless some vectors were made from values apart.
        for atom in &atoms {
            atom.run.register(&atoms);
        }
        let (mut total, mut magnitude) = (0.0, 0.0);
        for (x, p) in &a {
            for (y, q) in &b {
                let term = x * y * p.dot(q);
                total += term;
                magnitude += term.abs();
            }
        }
        if magnitude <= CANCELLATION_LIMIT * total.abs() {
            total
        } else {
            chunked_dot(self.to_values(), other.to_values())
        }
    }
}

impl ArgminL2Norm<f64> for ParamVec {
    fn l2_norm(&self) -> f64 {
        self.dot(self).sqrt()
    }
}

impl ArgminL1Norm<f64> for ParamVec {
    fn l1_norm(&self) -> f64 {
        self.to_values().iter().map(|a| a.abs()).sum()
    }
}

impl ArgminAdd<ParamVec, ParamVec> for ParamVec {
    fn add(&self, other: &ParamVec) -> ParamVec {
        self.combine(1.0, other, 1.0)
    }
}

impl ArgminAdd<f64, ParamVec> for ParamVec {
    fn add(&self, other: &f64) -> ParamVec {
        let other = *other;
        self.map(|a| a + other)
    }
}

impl ArgminSub<ParamVec, ParamVec> for ParamVec {
    fn sub(&self, other: &ParamVec) -> ParamVec {
        self.combine(1.0, other, -1.0)
    }
}

impl ArgminSub<f64, ParamVec> for ParamVec {
    fn sub(&self, other: &f64) -> ParamVec {
        let other = *other;
        self.map(|a| a - other)
    }
}

impl ArgminMul<f64, ParamVec> for ParamVec {
    fn mul(&self, other: &f64) -> ParamVec {
        let factor = *other;
        self.with_terms(merge(&self.form(), factor, &[], 0.0))
    }
}

impl ArgminMul<ParamVec, ParamVec> for ParamVec {
    fn mul(&self, other: &ParamVec) -> ParamVec {
        self.zip_map(other, |a, b| a * b)
    }
}

impl ArgminScaledAdd<ParamVec, f64, ParamVec> for ParamVec {
    /// argmin's line search steps from `x` along `d` with `x + α·d` for each trial point: `d` is
    /// computed (once), so that each trial point is read from two vectors and the step taken,
    /// `α·d`, is one atom.
    fn scaled_add(&self, factor: &f64, vec: &ParamVec) -> ParamVec {
        vec.atom();
        self.combine(1.0, vec, *factor)
    }
}

impl ArgminZeroLike for ParamVec {
    fn zero_like(&self) -> ParamVec {
        self.sibling(vec![0.0; self.len()])
    }
}

impl ArgminSignum for ParamVec {
    fn signum(self) -> ParamVec {
        self.map(f64::signum)
    }
}

impl ArgminMinMax for ParamVec {
    fn min(x: &ParamVec, y: &ParamVec) -> ParamVec {
        x.zip_map(y, |a, b| if a < b { a } else { b })
    }

    fn max(x: &ParamVec, y: &ParamVec) -> ParamVec {
        x.zip_map(y, |a, b| if a > b { a } else { b })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Long enough for several chunks and a partial one, with values of varied magnitude.
    fn vectors() -> (Vec<f64>, Vec<f64>) {
        let n = 5 * CHUNK + 1_237;
        let a = (0..n)
            .map(|i| ((i * 7919) % 1000) as f64 / 37.0 - 13.0)
            .collect();
        let b = (0..n)
            .map(|i| (((i * 104_729) % 997) as f64 - 498.0) * 1e-3 * (1.0 + (i % 13) as f64))
            .collect();
        (a, b)
    }

    /// The exact bits of each element.
    fn bits(values: &[f64]) -> Vec<u64> {
        values.iter().map(|v| v.to_bits()).collect()
    }

    fn assert_same(ours: &ParamVec, expected: &[f64]) {
        assert_eq!(bits(ours.to_values()), bits(expected));
    }

    fn close(x: f64, y: f64, tolerance: f64) -> bool {
        (x - y).abs() <= tolerance * x.abs().max(y.abs())
    }

    fn sequential_dot(a: &[f64], b: &[f64]) -> f64 {
        a.iter().zip(b).map(|(a, b)| a * b).sum()
    }

    fn times(v: &ParamVec, factor: f64) -> ParamVec {
        ArgminMul::<f64, ParamVec>::mul(v, &factor)
    }

    /// Whether the values are computed (a pass ran for them).
    fn is_computed(v: &ParamVec) -> bool {
        v.0.computed.get().is_some()
    }

    #[test]
    fn operations_on_computed_vectors_match_sequential_loops() {
        let (a, b) = vectors();
        let (pa, pb) = (ParamVec::from(a.clone()), ParamVec::from(b.clone()));
        let elementwise = |f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> {
            a.iter().zip(&b).map(|(&a, &b)| f(a, b)).collect()
        };
        let scalar = |f: &dyn Fn(f64) -> f64| a.iter().map(|&a| f(a)).collect::<Vec<f64>>();
        let c = -0.37;
        // A sum of two atoms, or one atom's multiple, has the bits of the eager computation.
        assert_same(&pa.add(&pb), &elementwise(&|a, b| a + b));
        assert_same(&pa.sub(&pb), &elementwise(&|a, b| a - b));
        assert_same(&pa.scaled_add(&c, &pb), &elementwise(&|a, b| a + c * b));
        assert_same(&times(&pa, c), &scalar(&|a| a * c));
        assert_same(&times(&times(&pa, c), -1.0), &scalar(&|a| -(a * c)));
        assert_same(
            &ArgminMul::<ParamVec, ParamVec>::mul(&pa, &pb),
            &elementwise(&|a, b| a * b),
        );
        assert_same(
            &ArgminAdd::<f64, ParamVec>::add(&pa, &c),
            &scalar(&|a| a + c),
        );
        assert_same(
            &ArgminSub::<f64, ParamVec>::sub(&pa, &c),
            &scalar(&|a| a - c),
        );
        assert_same(&pa.clone().signum(), &scalar(&f64::signum));
        assert_same(&ParamVec::min(&pa, &pb), &elementwise(&f64::min));
        assert_same(&ParamVec::max(&pa, &pb), &elementwise(&f64::max));
        assert_same(&pa.zero_like(), &vec![0.0; a.len()]);
        assert_same(&pa.sub(&pa), &vec![0.0; a.len()]);
        assert_eq!(pa.l1_norm(), a.iter().map(|a| a.abs()).sum::<f64>());
        assert_eq!(pa.max_abs(), a.iter().fold(0.0, |m: f64, a| m.max(a.abs())));
        assert!(close(pa.l2_norm(), sequential_dot(&a, &a).sqrt(), 1e-12));
        assert_eq!(pa, ParamVec::from(a));
    }

    #[test]
    fn max_norm_of_a_broken_vector_is_nan() {
        assert!(max_abs(&[1.0, f64::NAN, 2.0]).is_nan());
        assert!(max_abs(&[f64::NAN]).is_nan());
        let (mut a, _) = vectors();
        a[3 * CHUNK + 5] = f64::NAN;
        assert!(ParamVec::from(a).max_abs().is_nan());
    }

    /// A gradient, three earlier ones and two directions of one run, combined as L-BFGS's
    /// two-loop recursion combines them, with their plain sequential values.
    struct Recursion {
        gradients: Vec<ParamVec>,
        directions: Vec<ParamVec>,
        combinations: Vec<(ParamVec, Vec<f64>)>,
    }

    fn recursion() -> Recursion {
        let (a, b) = vectors();
        let wave = |k: f64| -> Vec<f64> {
            a.iter()
                .zip(&b)
                .enumerate()
                .map(|(i, (a, b))| a * (k * 0.1 + (i as f64 * k).sin()) + b * k)
                .collect()
        };
        let start = ParamVec::zeros(a.len());
        let gradients: Vec<ParamVec> = (1..=4).map(|k| start.sibling(wave(k as f64))).collect();
        let directions: Vec<ParamVec> = (5..=6).map(|k| start.sibling(wave(k as f64))).collect();
        let values = |v: &ParamVec| v.to_values().to_vec();
        let (g, d) = (&gradients, &directions);
        let y = g[3].sub(&g[2]);
        let y_values: Vec<f64> = values(&g[3])
            .iter()
            .zip(values(&g[2]))
            .map(|(a, b)| a - b)
            .collect();
        let q = g[3]
            .sub(&times(&y, 0.3))
            .sub(&times(&g[1].sub(&g[0]), -1.7));
        let r = times(&q, 0.8)
            .add(&times(&d[0], 2.5))
            .add(&times(&d[1], -0.4));
        let step = times(&r, -1.0);
        // Element by element in plain arithmetic (rounding aside, the same numbers).
        let (g0, g1, g2, g3, d0, d1) = (
            values(&g[0]),
            values(&g[1]),
            values(&g[2]),
            values(&g[3]),
            values(&d[0]),
            values(&d[1]),
        );
        let q_values: Vec<f64> = (0..g0.len())
            .map(|i| g3[i] - 0.3 * (g3[i] - g2[i]) + 1.7 * (g1[i] - g0[i]))
            .collect();
        let r_values: Vec<f64> = (0..g0.len())
            .map(|i| 0.8 * q_values[i] + 2.5 * d0[i] - 0.4 * d1[i])
            .collect();
        let step_values = r_values.iter().map(|r| -r).collect();
        Recursion {
            gradients,
            directions,
            combinations: vec![
                (y, y_values),
                (q, q_values),
                (r, r_values),
                (step, step_values),
            ],
        }
    }

    /// Combinations are kept as terms until their values are needed, then computed in one pass,
    /// and their dot products, taken from the atoms' products, agree with sequential sums.
    #[test]
    fn combinations_and_their_dot_products_match_sequential_arithmetic() {
        let Recursion {
            gradients,
            directions,
            combinations,
        } = recursion();
        for (combination, _) in &combinations {
            assert!(!is_computed(combination));
        }
        for (u, u_values) in &combinations {
            for (v, v_values) in &combinations {
                assert!(close(u.dot(v), sequential_dot(u_values, v_values), 1e-10));
            }
            for atom in gradients.iter().chain(&directions) {
                let expected = sequential_dot(u_values, atom.to_values());
                assert!(close(u.dot(atom), expected, 1e-10));
            }
            assert!(!is_computed(u), "a dot product computes no values");
        }
        // Element by element, to 1e-12 of the vector's largest element (an element may be a small
        // difference of large terms).
        for (combination, expected) in &combinations {
            let scale = max_abs(expected);
            for (x, y) in combination.to_values().iter().zip(expected) {
                assert!((x - y).abs() <= 1e-12 * scale, "{x} vs {y}");
            }
        }
    }

    /// Once the atoms' products are known, the whole recursion's dot products take no pass over
    /// the vectors: no values computed, no product added.
    #[test]
    fn known_atoms_answer_dot_products_without_a_pass() {
        let Recursion {
            gradients,
            directions,
            combinations,
        } = recursion();
        let (y, q, r) = (&combinations[0].0, &combinations[1].0, &combinations[2].0);
        // The first product registers all six atoms in one pass.
        r.dot(&gradients[0]);
        let products =
            |atoms: &[ParamVec]| -> usize { atoms.iter().map(|v| v.atom().dots().len()).sum() };
        let atoms: Vec<ParamVec> = gradients.iter().chain(&directions).cloned().collect();
        assert_eq!(products(&atoms), 6 * 6, "each atom with every atom");
        for (u, v) in [
            (y, q),
            (q, r),
            (r, r),
            (y, &directions[1]),
            (&gradients[3], r),
        ] {
            u.dot(v);
        }
        assert_eq!(products(&atoms), 6 * 6);
        assert!(!is_computed(q) && !is_computed(r));
    }

    /// The step `(x + α·d) − x` is `α·d` itself, not a difference of two large vectors, and the
    /// direction is computed once for all trial points.
    #[test]
    fn a_step_from_a_point_cancels_the_point_exactly() {
        let Recursion { combinations, .. } = recursion();
        let direction = &combinations[3].0;
        let (a, _) = vectors();
        let x = ParamVec::from(a.iter().map(|a| a * 1e6).collect::<Vec<f64>>());
        let trial = x.scaled_add(&0.25, direction);
        assert!(is_computed(direction), "computed for the trial points");
        trial.to_values();
        let step = trial.sub(&x);
        assert_eq!(step.0.terms.len(), 1);
        let (coefficient, atom) = &step.0.terms[0];
        assert_eq!(*coefficient, 0.25);
        assert!(Arc::ptr_eq(atom, direction.atom()));
        let again = x.scaled_add(&0.5, direction);
        assert_eq!(again.0.terms.len(), 2, "the direction is one atom now");
    }

    /// A product whose terms cancel (the difference of two nearly equal vectors with itself) is
    /// computed from values; from the atoms' products it would be lost in their rounding.
    #[test]
    fn cancelling_products_are_computed_from_values() {
        let (a, b) = vectors();
        let pa = ParamVec::from(a.clone());
        let near: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + 1e-9 * b).collect();
        let pnear = pa.sibling(near.clone());
        let difference = pa.sub(&pnear);
        let values: Vec<f64> = a.iter().zip(&near).map(|(a, n)| a - n).collect();
        let expected = sequential_dot(&values, &values);
        assert!(close(difference.dot(&difference), expected, 1e-12));
    }

    /// The same operations with one and with two threads give the same bits.
    #[test]
    fn results_are_identical_with_one_and_two_threads() {
        let with_threads = |n: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap();
            pool.install(|| {
                let Recursion {
                    gradients,
                    combinations,
                    ..
                } = recursion();
                let mut results: Vec<u64> = combinations
                    .iter()
                    .flat_map(|(u, _)| {
                        let products = [u.dot(&gradients[0]), u.dot(u)];
                        bits(u.to_values()).into_iter().chain(bits(&products))
                    })
                    .collect();
                results.push(gradients[1].l2_norm().to_bits());
                results
            })
        };
        assert_eq!(with_threads(1), with_threads(2));
    }

    /// The kernels compiled for wide registers give the bits of the portable ones.
    #[test]
    fn wide_registers_give_the_portable_bits() {
        let Recursion {
            gradients,
            directions,
            ..
        } = recursion();
        let values: Vec<&[f64]> = gradients
            .iter()
            .chain(&directions)
            .map(|v| v.to_values())
            .collect();
        let pairs: Vec<(&[f64], &[f64])> = values
            .iter()
            .flat_map(|a| values.iter().map(move |b| (*a, *b)))
            .collect();
        // A whole chunk and the last, partial one (its length not a multiple of eight).
        let len = values[0].len();
        for range in [0..CHUNK, len - len % CHUNK..len] {
            assert_eq!(
                bits(&dots_of_chunk(&pairs, range.clone())),
                bits(&dots_of_chunk_portable(&pairs, range))
            );
        }
        let terms: Vec<Term> = gradients
            .iter()
            .chain(&directions)
            .enumerate()
            .map(|(k, v)| (0.3 - k as f64, Arc::clone(v.atom())))
            .collect();
        let written = |combine: fn(&[Term], usize, &mut [MaybeUninit<f64>])| {
            let mut out = vec![MaybeUninit::new(0.0); CHUNK];
            combine(&terms, 2 * CHUNK, &mut out);
            out.iter()
                .map(|v| unsafe { v.assume_init() }.to_bits())
                .collect::<Vec<u64>>()
        };
        assert_eq!(written(combine_chunk), written(combine_chunk_portable));
    }

    #[test]
    fn clones_share_their_values() {
        let a = ParamVec::from(vec![1.0, 2.0]);
        let b = ParamVec::from(vec![1.0, 2.0]);
        assert!(a.same_values(&a.clone()));
        assert!(!a.same_values(&b));
        assert!(!a.same_values(&times(&a, 2.0)));
        assert_eq!(a, b);
    }

    /// Vectors of different runs (made from values apart) still take dot products.
    #[test]
    fn products_across_runs_are_computed() {
        let (a, b) = vectors();
        let (pa, pb) = (ParamVec::from(a.clone()), ParamVec::from(b.clone()));
        let sum = pa.add(&pb);
        let expected: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a + b).collect();
        assert!(close(sum.dot(&pa), sequential_dot(&expected, &a), 1e-12));
        for n in [0, 1, 7, 8, 9, 100] {
            let (x, y) = (
                ParamVec::from(a[..n].to_vec()),
                ParamVec::from(b[..n].to_vec()),
            );
            assert!(
                close(x.dot(&y), sequential_dot(&a[..n], &b[..n]), 1e-12),
                "length {n}"
            );
        }
    }
}
