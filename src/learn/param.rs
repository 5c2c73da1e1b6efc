//! The parameter (and gradient) vector type handed to argmin's L-BFGS by the sparse learner.
//!
//! Why it exists: with `ndarray::Array1<f64>`, argmin's own vector arithmetic (the two-loop
//! recursion's dot products, scaled sums and differences, the line search's trial points, the
//! clones of parameters and gradients it keeps) ran on one thread and, on TF-IDF problems with
//! hundreds of thousands of parameters, took about as long as evaluating the objective. This type
//! implements exactly the argmin-math traits that [`argmin::solver::quasinewton::LBFGS`] and
//! [`argmin::solver::linesearch::MoreThuenteLineSearch`] require, and:
//!
//! - runs the heavy operations (dot products, the norm, sums, differences, scaled sums) in
//!   parallel with rayon, writing each result straight into a new vector (no zero fill);
//! - sums dot products over fixed chunks of [`CHUNK`] elements and adds the chunk sums in order,
//!   so that every result, and so the fitted model, is the same whatever the number of threads;
//! - keeps the values behind an [`Arc`], so that argmin's clones cost nothing and the objective's
//!   cache recognises the point it evaluated last by identity ([`ParamVec::same_values`]);
//! - remembers its last few dot products ([`DotMemo`]): argmin recomputes `s·y` for every stored
//!   pair at every iteration, and those vectors never change;
//! - computes sums and differences lazily: `a + b`, `a - b` and `a + c·b` are only computed where
//!   first needed, and when that is a dot product with a vector that is ready, in the same pass
//!   (one chunk at a time, the chunk's product taken while it is still in cache). argmin dots
//!   most new vectors once before anything else (`s·q` after `q - y·α`, `y·r` after `r + s·β`,
//!   `s·y` after the new pair, the line search's `g·d`), so this saves one read of a vector per
//!   such product;
//! - multiplies by a scalar lazily (the product is the shared values and a scale), so that
//!   argmin's `q - y·α`, `r + s·β` and `-r` take one pass over memory instead of two. Element `i`
//!   is always computed as `values[i] * scale` before use, so every element-wise result has the
//!   same bits as with argmin-math's eager `Vec<f64>` and `Array1<f64>` implementations.
//!
//! Only the summation order of dot products differs from argmin-math's. Values never change after
//! construction: every operation returns a new vector.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use argmin_math::{
    ArgminAdd, ArgminDot, ArgminL1Norm, ArgminL2Norm, ArgminMinMax, ArgminMul, ArgminScaledAdd,
    ArgminSignum, ArgminSub, ArgminZeroLike,
};
use rayon::prelude::*;

/// Elements per parallel task. Dot products sum each chunk, then the chunk sums in order, so this
/// (not the thread count) fixes the summation order.
pub const CHUNK: usize = 16_384;

/// An immutable, cheaply cloned vector of `f64` for argmin (see the module documentation): element
/// `i` is `values[i] * scale`.
#[derive(Debug, Clone)]
pub struct ParamVec {
    values: Arc<Values>,
    scale: f64,
    /// Names `values` (for [`ParamVec::same_values`] and [`DotMemo`]): unique per allocation,
    /// and never reused (an address is).
    id: u64,
}

/// A vector's values, or, until they are first needed, the sum or difference that gives them.
#[derive(Debug)]
struct Values {
    len: usize,
    computed: OnceLock<Vec<f64>>,
    /// Taken (and its operands released) when the values are computed.
    pending: Mutex<Option<Pending>>,
}

/// `op(a[i], b[i])` for every `i`, with each side's scale applied first.
#[derive(Debug)]
struct Pending {
    a: ParamVec,
    b: ParamVec,
    op: Op,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Add,
    Sub,
    /// `a + factor · b`.
    ScaledAdd(f64),
}

impl Op {
    fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Op::Add => a + b,
            Op::Sub => a - b,
            Op::ScaledAdd(factor) => a + factor * b,
        }
    }
}

impl Values {
    /// The values, computed now if they are pending.
    fn get(&self) -> &[f64] {
        self.computed
            .get_or_init(|| self.take_pending().compute(|_, _| ()).0)
    }

    fn is_pending(&self) -> bool {
        self.computed.get().is_none()
    }

    /// When the values are pending: computes them, and in the same pass their dot product (at
    /// `scale`) with `other` (at `other_scale`), summed as [`scaled_dot`] sums it.
    fn compute_with_dot(&self, scale: f64, other: &[f64], other_scale: f64) -> Option<f64> {
        let mut dot = None;
        self.computed.get_or_init(|| {
            let (values, partial) = self.take_pending().compute(|start, chunk| {
                chunk_dot(
                    chunk,
                    scale,
                    &other[start..start + chunk.len()],
                    other_scale,
                )
            });
            dot = Some(partial.iter().sum());
            values
        });
        dot
    }

    fn take_pending(&self) -> Pending {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
            .expect("values that are not computed are pending")
    }
}

impl Pending {
    /// The values, and `then(start, chunk)` of each chunk once written (see [`zip_fill`]).
    fn compute<R: Send>(
        self,
        then: impl Fn(usize, &[f64]) -> R + Sync + Send,
    ) -> (Vec<f64>, Vec<R>) {
        let op = self.op;
        zip_fill(&self.a, &self.b, move |a, b| op.apply(a, b), then)
    }
}

impl ParamVec {
    /// `n` zeros.
    pub fn zeros(n: usize) -> Self {
        ParamVec::from(vec![0.0; n])
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.values.len
    }

    /// The elements: borrowed unless a scale is pending.
    pub fn to_values(&self) -> Cow<'_, [f64]> {
        let values = self.values.get();
        if self.scale == 1.0 {
            Cow::Borrowed(values)
        } else {
            Cow::Owned(values.iter().map(|a| a * self.scale).collect())
        }
    }

    /// The largest absolute element: the max norm (exact, as rounding `|a|·|scale|` is monotone
    /// in `|a|`), taken in parallel.
    pub fn max_abs(&self) -> f64 {
        let chunk_maxima: Vec<f64> = self.values.get().par_chunks(CHUNK).map(max_abs).collect();
        max_abs(&chunk_maxima) * self.scale.abs()
    }

    /// Whether `self` is `other` or a clone of it: a cheap test that implies equal elements
    /// (vectors with equal elements need not be the same).
    pub fn same_values(&self, other: &ParamVec) -> bool {
        self.identity() == other.identity()
    }

    /// The values' id and the scale's bits: equal only for `self`, its clones and its lazy
    /// multiples by the same scale.
    fn identity(&self) -> (u64, u64) {
        (self.id, self.scale.to_bits())
    }

    /// `f` applied to each element, in parallel.
    fn map(&self, f: impl Fn(f64) -> f64 + Sync + Send) -> ParamVec {
        let (values, scale) = (self.values.get(), self.scale);
        ParamVec::from(
            fill(self.len(), |start, out| {
                let a = &values[start..start + out.len()];
                for (o, &a) in out.iter_mut().zip(a) {
                    o.write(f(a * scale));
                }
            })
            .0,
        )
    }

    /// `f` applied to each pair of elements of `self` and `other`, in parallel.
    fn zip_map(&self, other: &ParamVec, f: impl Fn(f64, f64) -> f64 + Sync + Send) -> ParamVec {
        ParamVec::from(zip_fill(self, other, f, |_, _| ()).0)
    }

    /// `op` applied to each pair of elements of `self` and `other`, computed when first needed.
    fn lazy(&self, other: &ParamVec, op: Op) -> ParamVec {
        assert_eq!(self.len(), other.len(), "vectors of different lengths");
        ParamVec::with_values(Values {
            len: self.len(),
            computed: OnceLock::new(),
            pending: Mutex::new(Some(Pending {
                a: self.clone(),
                b: other.clone(),
                op,
            })),
        })
    }

    fn with_values(values: Values) -> ParamVec {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        ParamVec {
            values: Arc::new(values),
            scale: 1.0,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }
}

impl From<Vec<f64>> for ParamVec {
    fn from(values: Vec<f64>) -> Self {
        ParamVec::with_values(Values {
            len: values.len(),
            computed: OnceLock::from(values),
            pending: Mutex::new(None),
        })
    }
}

/// Equal elements, whatever the representation.
impl PartialEq for ParamVec {
    fn eq(&self, other: &ParamVec) -> bool {
        self.len() == other.len()
            && self
                .values
                .get()
                .iter()
                .zip(other.values.get())
                .all(|(a, b)| a * self.scale == b * other.scale)
    }
}

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
/// every element of `chunk` (elements `start..start + chunk.len()`), and what `write` returned for
/// each chunk, in order. The memory is not zeroed first.
fn fill<R: Send>(
    n: usize,
    write: impl Fn(usize, &mut [MaybeUninit<f64>]) -> R + Sync + Send,
) -> (Vec<f64>, Vec<R>) {
    let mut values = Vec::with_capacity(n);
    let results = values.spare_capacity_mut()[..n]
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(i, chunk)| write(i * CHUNK, chunk))
        .collect();
    // SAFETY: the chunks cover all `n` elements, and every caller's `write` initialises each
    // element of its chunk (one `MaybeUninit::write` per element, over the whole chunk).
    unsafe { values.set_len(n) };
    (values, results)
}

/// `f` of each pair of elements of `a` and `b` (with their scales applied), written chunk by chunk
/// in parallel, and `then(start, chunk)` of each chunk once written (while it is in cache).
fn zip_fill<R: Send>(
    a: &ParamVec,
    b: &ParamVec,
    f: impl Fn(f64, f64) -> f64 + Sync + Send,
    then: impl Fn(usize, &[f64]) -> R + Sync + Send,
) -> (Vec<f64>, Vec<R>) {
    assert_eq!(a.len(), b.len(), "vectors of different lengths");
    let (a_values, b_values) = (a.values.get(), b.values.get());
    let (a_scale, b_scale) = (a.scale, b.scale);
    fill(a.len(), |start, out| {
        let end = start + out.len();
        let (a, b) = (&a_values[start..end], &b_values[start..end]);
        for ((o, &a), &b) in out.iter_mut().zip(a).zip(b) {
            o.write(f(a * a_scale, b * b_scale));
        }
        // SAFETY: the loop above initialised every element of `out`.
        let written = unsafe { &*(out as *const [MaybeUninit<f64>] as *const [f64]) };
        then(start, written)
    })
}

/// `Σ a[i]·b[i]` with element `i` of `a` being `a[i] * a_scale` (same for `b`), summed per
/// [`CHUNK`] in parallel and then over chunks in order: the same bits for any number of threads.
fn scaled_dot(a: &[f64], a_scale: f64, b: &[f64], b_scale: f64) -> f64 {
    assert_eq!(a.len(), b.len(), "vectors of different lengths");
    let partial: Vec<f64> = a
        .par_chunks(CHUNK)
        .zip(b.par_chunks(CHUNK))
        .map(|(a, b)| chunk_dot(a, a_scale, b, b_scale))
        .collect();
    partial.iter().sum()
}

/// The dot product of one chunk with eight running sums, so that it vectorises.
fn chunk_dot(a: &[f64], a_scale: f64, b: &[f64], b_scale: f64) -> f64 {
    let mut sums = [0.0; 8];
    let (a_blocks, b_blocks) = (a.chunks_exact(8), b.chunks_exact(8));
    let (a_rest, b_rest) = (a_blocks.remainder(), b_blocks.remainder());
    for (a, b) in a_blocks.zip(b_blocks) {
        for ((s, a), b) in sums.iter_mut().zip(a).zip(b) {
            *s += (a * a_scale) * (b * b_scale);
        }
    }
    let mut total =
        ((sums[0] + sums[4]) + (sums[1] + sums[5])) + ((sums[2] + sums[6]) + (sums[3] + sums[7]));
    for (a, b) in a_rest.iter().zip(b_rest) {
        total += (a * a_scale) * (b * b_scale);
    }
    total
}

impl ArgminDot<ParamVec, f64> for ParamVec {
    fn dot(&self, other: &ParamVec) -> f64 {
        assert_eq!(self.len(), other.len(), "vectors of different lengths");
        let key = DotMemo::key(self, other);
        if let Some(dot) = DOTS.with_borrow(|memo| memo.get(key)) {
            return dot;
        }
        // A side still pending is computed in the pass that takes the product.
        let (pending, ready) = if self.values.is_pending() {
            (self, other)
        } else {
            (other, self)
        };
        let ready_values = ready.values.get();
        let dot = pending
            .values
            .compute_with_dot(pending.scale, ready_values, ready.scale)
            .unwrap_or_else(|| {
                scaled_dot(
                    pending.values.get(),
                    pending.scale,
                    ready_values,
                    ready.scale,
                )
            });
        DOTS.with_borrow_mut(|memo| memo.put(key, dot));
        dot
    }
}

/// The dot products computed last, by the `(id, scale)` of both sides (in either order: each
/// product `(a·s)(b·t)` is symmetric, so the sum has the same bits). A hit returns the bits a
/// recomputation would give, so fits do not change; it spares L-BFGS the `s·y` of every stored
/// pair (and `s·y` again for its scaling): 825 of the 3,162 dot products of a fit of
/// NewsDiscourse `role`.
struct DotMemo {
    entries: VecDeque<(DotKey, f64)>,
}

type DotKey = ((u64, u64), (u64, u64));

/// Entries kept. Each L-BFGS iteration computes about 16 other dot products (measured on
/// NewsDiscourse `role`), and an `s·y` must outlive `HISTORY` = 5 iterations of them.
const MEMO_SIZE: usize = 128;

thread_local! {
    /// One memo per thread: a fit runs its solver on one thread, and fits that run in parallel
    /// (one per label of a multi-label task) neither share nor wait for each other's entries.
    static DOTS: RefCell<DotMemo> = const {
        RefCell::new(DotMemo {
            entries: VecDeque::new(),
        })
    };
}

impl DotMemo {
    fn key(a: &ParamVec, b: &ParamVec) -> DotKey {
        let (a, b) = (a.identity(), b.identity());
        (a.min(b), a.max(b))
    }

    fn get(&self, key: DotKey) -> Option<f64> {
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, dot)| dot)
    }

    fn put(&mut self, key: DotKey, dot: f64) {
        if self.entries.len() == MEMO_SIZE {
            self.entries.pop_front();
        }
        self.entries.push_back((key, dot));
    }
}

impl ArgminL2Norm<f64> for ParamVec {
    fn l2_norm(&self) -> f64 {
        self.dot(self).sqrt()
    }
}

impl ArgminL1Norm<f64> for ParamVec {
    fn l1_norm(&self) -> f64 {
        self.values
            .get()
            .iter()
            .map(|a| (a * self.scale).abs())
            .sum()
    }
}

impl ArgminAdd<ParamVec, ParamVec> for ParamVec {
    fn add(&self, other: &ParamVec) -> ParamVec {
        self.lazy(other, Op::Add)
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
        self.lazy(other, Op::Sub)
    }
}

impl ArgminSub<f64, ParamVec> for ParamVec {
    fn sub(&self, other: &f64) -> ParamVec {
        let other = *other;
        self.map(|a| a - other)
    }
}

impl ArgminMul<f64, ParamVec> for ParamVec {
    /// Lazy when exact: `(v · s) · c` is kept as `v · c` when `s = 1`, and as `v · (-s)` when
    /// `c = -1` (negation is exact, so both give the bits of the eager product).
    fn mul(&self, other: &f64) -> ParamVec {
        let factor = *other;
        if self.scale == 1.0 || factor == -1.0 {
            ParamVec {
                values: Arc::clone(&self.values),
                scale: self.scale * factor,
                id: self.id,
            }
        } else {
            self.map(|a| a * factor)
        }
    }
}

impl ArgminMul<ParamVec, ParamVec> for ParamVec {
    fn mul(&self, other: &ParamVec) -> ParamVec {
        self.zip_map(other, |a, b| a * b)
    }
}

impl ArgminScaledAdd<ParamVec, f64, ParamVec> for ParamVec {
    /// `self + factor · vec` in one pass (the bits of argmin-math's `add` of `mul`).
    fn scaled_add(&self, factor: &f64, vec: &ParamVec) -> ParamVec {
        self.lazy(vec, Op::ScaledAdd(*factor))
    }
}

impl ArgminZeroLike for ParamVec {
    fn zero_like(&self) -> ParamVec {
        ParamVec::zeros(self.len())
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
        assert_eq!(bits(&ours.to_values()), bits(expected));
    }

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
    }

    /// Plain vectors and lazily scaled ones (as argmin makes them), each with the plain
    /// sequential computation of its elements.
    fn cases() -> Vec<(ParamVec, Vec<f64>, ParamVec, Vec<f64>)> {
        let (a, b) = vectors();
        let (pa, pb) = (ParamVec::from(a.clone()), ParamVec::from(b.clone()));
        let scaled = |v: &[f64], c: f64| v.iter().map(|x| x * c).collect::<Vec<f64>>();
        let (c, d) = (0.37, -1.9);
        let times = |p: &ParamVec, c: f64| ArgminMul::<f64, ParamVec>::mul(p, &c);
        vec![
            (pa.clone(), a.clone(), pb.clone(), b.clone()),
            (times(&pa, c), scaled(&a, c), pb.clone(), b.clone()),
            (
                times(&times(&pa, c), -1.0),
                scaled(&scaled(&a, c), -1.0),
                times(&pb, d),
                scaled(&b, d),
            ),
            (
                times(&times(&pa, c), d),
                scaled(&scaled(&a, c), d),
                times(&times(&pb, -1.0), -1.0),
                b,
            ),
        ]
    }

    #[test]
    fn dot_and_norms_match_sequential_sums() {
        for (pa, a, pb, b) in cases() {
            let sequential: f64 = a.iter().zip(&b).map(|(a, b)| a * b).sum();
            assert!(close(pa.dot(&pb), sequential));
            let norm = a.iter().map(|a| a * a).sum::<f64>().sqrt();
            assert!(close(pa.l2_norm(), norm));
            assert_eq!(pa.l1_norm(), a.iter().map(|a| a.abs()).sum::<f64>());
            assert_eq!(pa.max_abs(), a.iter().fold(0.0, |m: f64, a| m.max(a.abs())));
            assert!(max_abs(&[1.0, f64::NAN, 2.0]).is_nan());
            assert!(max_abs(&[f64::NAN]).is_nan());
            let mut broken = a.clone();
            broken[3 * CHUNK + 5] = f64::NAN;
            assert!(ParamVec::from(broken).max_abs().is_nan());
            // The memo keys a product by its two sides in either order: that needs these bits.
            assert_eq!(
                scaled_dot(pa.values.get(), pa.scale, pb.values.get(), pb.scale).to_bits(),
                scaled_dot(pb.values.get(), pb.scale, pa.values.get(), pa.scale).to_bits()
            );
        }
        // Short vectors: one partial chunk, and fewer elements than the eight running sums.
        let (a, b) = vectors();
        for n in [0, 1, 7, 8, 9, 100] {
            let (x, y) = (
                ParamVec::from(a[..n].to_vec()),
                ParamVec::from(b[..n].to_vec()),
            );
            let expected: f64 = a[..n].iter().zip(&b[..n]).map(|(a, b)| a * b).sum();
            assert!(close(x.dot(&y), expected), "length {n}");
        }
    }

    #[test]
    fn elementwise_operations_match_sequential_loops() {
        let elementwise = |a: &[f64], b: &[f64], f: &dyn Fn(f64, f64) -> f64| -> Vec<f64> {
            a.iter().zip(b).map(|(&a, &b)| f(a, b)).collect()
        };
        let c = -0.37;
        for (pa, a, pb, b) in cases() {
            let scalar = |f: &dyn Fn(f64) -> f64| a.iter().map(|&a| f(a)).collect::<Vec<f64>>();
            assert_same(&pa.add(&pb), &elementwise(&a, &b, &|a, b| a + b));
            assert_same(&pa.sub(&pb), &elementwise(&a, &b, &|a, b| a - b));
            assert_same(
                &ArgminMul::<ParamVec, ParamVec>::mul(&pa, &pb),
                &elementwise(&a, &b, &|a, b| a * b),
            );
            assert_same(
                &pa.scaled_add(&c, &pb),
                &elementwise(&a, &b, &|a, b| a + c * b),
            );
            assert_same(
                &ArgminMul::<f64, ParamVec>::mul(&pa, &c),
                &scalar(&|a| a * c),
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
            assert_same(&ParamVec::min(&pa, &pb), &elementwise(&a, &b, &f64::min));
            assert_same(&ParamVec::max(&pa, &pb), &elementwise(&a, &b, &f64::max));
            assert_same(&pa.zero_like(), &vec![0.0; a.len()]);
            assert_eq!(pa, ParamVec::from(a));
        }
    }

    #[test]
    fn pending_sums_give_the_bits_of_computed_ones() {
        let c = 0.61;
        let sums = |a: &ParamVec, b: &ParamVec| [a.add(b), a.sub(b), a.scaled_add(&c, b)];
        for (pa, _, pb, _) in cases() {
            let (pending, twins) = (sums(&pa, &pb), sums(&pa, &pb));
            // The same values computed on their own, as new vectors (new ids: no memo answers).
            let computed: Vec<ParamVec> = twins
                .iter()
                .map(|t| ParamVec::from(t.to_values().into_owned()))
                .collect();
            for (p, q) in pending.iter().zip(&computed) {
                assert!(p.values.is_pending());
                // Computed in the pass that takes a product: with a ready vector, lazily
                // negated, and with another pending sum (the pair `s·y` of a new iteration).
                let negated = ArgminMul::<f64, ParamVec>::mul(p, &-1.0);
                assert_eq!(negated.dot(&pa).to_bits(), (-q.dot(&pa)).to_bits());
                assert!(!p.values.is_pending());
                assert_eq!(p.dot(&pb).to_bits(), q.dot(&pb).to_bits());
                assert_same(p, &q.to_values());
            }
            let (x, y) = (pa.sub(&pb), pb.add(&pa));
            let (x_computed, y_computed) = (
                ParamVec::from(pa.sub(&pb).to_values().into_owned()),
                ParamVec::from(pb.add(&pa).to_values().into_owned()),
            );
            assert_eq!(x.dot(&y).to_bits(), x_computed.dot(&y_computed).to_bits());
            assert_eq!(y.dot(&y).to_bits(), y_computed.dot(&y_computed).to_bits());
        }
    }

    #[test]
    fn dot_is_identical_with_one_and_two_threads() {
        let (a, b) = vectors();
        let (pa, pb) = (ParamVec::from(a), ParamVec::from(b));
        let with_threads = |n: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap();
            // New vectors each time (new ids), so that the memo cannot answer.
            let (pa, pb) = (
                ParamVec::from(pa.to_values().to_vec()),
                ParamVec::from(pb.to_values().to_vec()),
            );
            pool.install(|| (pa.dot(&pb).to_bits(), pb.l2_norm().to_bits()))
        };
        assert_eq!(with_threads(1), with_threads(2));
    }

    #[test]
    fn clones_share_their_values() {
        let a = ParamVec::from(vec![1.0, 2.0]);
        let b = ParamVec::from(vec![1.0, 2.0]);
        assert!(a.same_values(&a.clone()));
        assert!(!a.same_values(&b));
        assert!(!a.same_values(&ArgminMul::<f64, ParamVec>::mul(&a, &2.0)));
        assert_eq!(a, b);
    }
}
