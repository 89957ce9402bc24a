from __future__ import annotations

import math

import numpy as np

from wiredesk.dedup.minhash import band_candidates, equal_rows, fewest_equal_rows, signatures


def random_hashes(count: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**64, size=count, dtype=np.uint64)


def test_the_share_of_equal_rows_estimates_jaccard_within_binomial_error():
    shared, own = random_hashes(400, 1), random_hashes(1200, 2)
    texts = [
        np.concatenate([shared, own[:200]]),  # with the next: 400 / 800 = 0.5
        np.concatenate([shared, own[200:400]]),
        own[400:800],  # disjoint from both
        np.concatenate([shared[:100], own[800:1200]]),  # with the first: 100 / 1000 = 0.1
    ]
    matrix = signatures(texts, num_perm=512, seed=7)
    pairs = np.array([[0, 1], [0, 2], [0, 3]])
    estimates = equal_rows(matrix, pairs) / 512
    for estimate, jaccard in zip(estimates, [0.5, 0.0, 0.1], strict=True):
        assert abs(estimate - jaccard) <= 4 * math.sqrt(jaccard * (1 - jaccard) / 512) + 0.01


def test_signatures_do_not_depend_on_the_batch_or_on_repeated_shingles():
    first, second = random_hashes(300, 3), random_hashes(50, 4)
    together = signatures([first, second], num_perm=64, seed=1)
    alone = signatures([np.concatenate([second, second])], num_perm=64, seed=1)
    assert (together[1] == alone[0]).all()
    assert (signatures([first], num_perm=64, seed=2) != together[:1]).any()


def test_a_text_without_shingles_gets_the_empty_signature():
    matrix = signatures([np.empty(0, dtype=np.uint64), random_hashes(10, 5)], 16, seed=1)
    assert (matrix[0] == np.iinfo(np.uint32).max).all()
    assert (matrix[1] < np.iinfo(np.uint32).max).all()


def test_bands_propose_each_pair_sharing_a_band_once():
    matrix = np.array(
        [
            [1, 2, 3, 4],
            [9, 9, 3, 4],  # shares the second band with row 0
            [1, 2, 3, 4],  # equal to row 0: both bands
            [5, 6, 7, 8],  # shares nothing
            [1, 9, 9, 4],  # half of each band only
        ],
        dtype=np.uint32,
    )
    assert band_candidates(matrix, rows=2).tolist() == [[0, 1], [0, 2], [1, 2]]
    assert band_candidates(matrix, rows=4).tolist() == [[0, 2]]
    assert band_candidates(matrix[3:4], rows=2).shape == (0, 2)
    assert equal_rows(matrix, np.array([[0, 4], [0, 2], [0, 3]])).tolist() == [2, 4, 0]


def test_bands_of_three_rows_still_find_equal_bands():
    matrix = np.array([[1, 2, 3, 7, 7, 7], [1, 2, 3, 8, 8, 8], [3, 2, 1, 7, 7, 9]], np.uint32)
    assert band_candidates(matrix, rows=3).tolist() == [[0, 1]]


def test_the_fewest_equal_rows_is_the_binomial_lower_tail():
    fewest = fewest_equal_rows(128, 0.2, 1e-4)

    def below(count: int) -> float:
        return sum(math.comb(128, k) * 0.2**k * 0.8 ** (128 - k) for k in range(count))

    assert below(fewest) <= 1e-4 < below(fewest + 1)
    assert fewest_equal_rows(128, 0.2, 1e-2) > fewest
