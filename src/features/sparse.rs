//! Sparse rows and a compressed-sparse-row (CSR) matrix of them.

/// One sparse row: feature indices in increasing order and their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    /// Feature (column) indices, strictly increasing.
    pub indices: Vec<u32>,
    /// The value of each index.
    pub values: Vec<f64>,
}

impl SparseRow {
    /// The dot product with a dense vector indexed by feature.
    pub fn dot(&self, dense: &[f64]) -> f64 {
        self.iter().map(|(i, v)| v * dense[i]).sum()
    }

    /// `(index, value)` pairs in index order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, f64)> + '_ {
        self.indices
            .iter()
            .zip(&self.values)
            .map(|(&i, &v)| (i as usize, v))
    }

    /// The number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }
}

/// Rows of equal width stored contiguously (compressed sparse rows).
#[derive(Debug, Clone, PartialEq)]
pub struct CsrMatrix {
    ncols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
}

impl CsrMatrix {
    /// An empty matrix of `ncols` columns.
    pub fn new(ncols: usize) -> Self {
        CsrMatrix {
            ncols,
            indptr: vec![0],
            indices: Vec::new(),
            values: Vec::new(),
        }
    }

    /// A matrix of the given rows.
    pub fn from_rows(ncols: usize, rows: impl IntoIterator<Item = SparseRow>) -> Self {
        let mut matrix = CsrMatrix::new(ncols);
        for row in rows {
            matrix.push(&row);
        }
        matrix
    }

    /// Appends a row.
    pub fn push(&mut self, row: &SparseRow) {
        debug_assert!(row.indices.iter().all(|&i| (i as usize) < self.ncols));
        self.indices.extend_from_slice(&row.indices);
        self.values.extend_from_slice(&row.values);
        self.indptr.push(self.indices.len());
    }

    /// The number of rows.
    pub fn nrows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// The number of columns (features).
    pub fn ncols(&self) -> usize {
        self.ncols
    }

    /// The number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `r` as `(indices, values)` slices.
    pub fn row(&self, r: usize) -> (&[u32], &[f64]) {
        let range = self.indptr[r]..self.indptr[r + 1];
        (&self.indices[range.clone()], &self.values[range])
    }

    /// A new matrix of the rows at `rows`, in that order.
    pub fn select_rows(&self, rows: &[usize]) -> CsrMatrix {
        let mut matrix = CsrMatrix::new(self.ncols);
        for &r in rows {
            let (indices, values) = self.row(r);
            matrix.indices.extend_from_slice(indices);
            matrix.values.extend_from_slice(values);
            matrix.indptr.push(matrix.indices.len());
        }
        matrix
    }

    /// The transpose (`ncols × nrows`), so that a column's entries can be read as a row.
    pub fn transpose(&self) -> CsrMatrix {
        let mut counts = vec![0usize; self.ncols + 1];
        for &i in &self.indices {
            counts[i as usize + 1] += 1;
        }
        for c in 0..self.ncols {
            counts[c + 1] += counts[c];
        }
        let indptr = counts.clone();
        let mut next = counts;
        let mut indices = vec![0u32; self.nnz()];
        let mut values = vec![0.0; self.nnz()];
        for r in 0..self.nrows() {
            let (row_indices, row_values) = self.row(r);
            for (&c, &v) in row_indices.iter().zip(row_values) {
                let slot = &mut next[c as usize];
                indices[*slot] = r as u32;
                values[*slot] = v;
                *slot += 1;
            }
        }
        CsrMatrix {
            ncols: self.nrows(),
            indptr,
            indices,
            values,
        }
    }

    /// The dense `nrows × ncols` copy, row-major (for learners that need dense input).
    pub fn to_dense(&self) -> ndarray::Array2<f64> {
        let mut dense = ndarray::Array2::zeros((self.nrows(), self.ncols));
        for r in 0..self.nrows() {
            let (indices, values) = self.row(r);
            for (&i, &v) in indices.iter().zip(values) {
                dense[[r, i as usize]] = v;
            }
        }
        dense
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_round_trip_through_the_matrix() {
        let rows = vec![
            SparseRow {
                indices: vec![0, 2],
                values: vec![1.0, 2.0],
            },
            SparseRow::default(),
            SparseRow {
                indices: vec![1],
                values: vec![3.0],
            },
        ];
        let matrix = CsrMatrix::from_rows(3, rows);
        assert_eq!(matrix.nrows(), 3);
        assert_eq!(matrix.nnz(), 3);
        assert_eq!(matrix.row(1), (&[][..], &[][..]));
        assert_eq!(matrix.row(2), (&[1u32][..], &[3.0][..]));
        let picked = matrix.select_rows(&[2, 0]);
        assert_eq!(picked.row(1), (&[0u32, 2][..], &[1.0, 2.0][..]));
        assert_eq!(
            picked.to_dense(),
            ndarray::array![[0.0, 3.0, 0.0], [1.0, 0.0, 2.0]]
        );
    }
}
