package io.trunkroute.rules.deck;

/**
 * Sorts an int[] of row indexes with a primitive comparator: a million-row deck sorts without
 * boxing a million Integers. Introsort-style: quicksort with median-of-three, insertion sort for
 * short runs, heapsort when recursion gets too deep.
 */
final class IntSort {

    @FunctionalInterface
    interface IntComparator {
        int compare(int a, int b);
    }

    private static final int INSERTION = 16;

    private IntSort() {
    }

    static void sort(int[] a, IntComparator c) {
        int depthLimit = 2 * (32 - Integer.numberOfLeadingZeros(Math.max(1, a.length)));
        sort(a, 0, a.length - 1, c, depthLimit);
    }

    private static void sort(int[] a, int lo, int hi, IntComparator c, int depth) {
        while (hi - lo > INSERTION) {
            if (depth-- == 0) {
                heapSort(a, lo, hi, c);
                return;
            }
            int p = partition(a, lo, hi, c);
            if (p - lo < hi - p) {
                sort(a, lo, p - 1, c, depth);
                lo = p + 1;
            } else {
                sort(a, p + 1, hi, c, depth);
                hi = p - 1;
            }
        }
        insertion(a, lo, hi, c);
    }

    private static int partition(int[] a, int lo, int hi, IntComparator c) {
        int mid = (lo + hi) >>> 1;
        if (c.compare(a[mid], a[lo]) < 0) {
            swap(a, mid, lo);
        }
        if (c.compare(a[hi], a[lo]) < 0) {
            swap(a, hi, lo);
        }
        if (c.compare(a[hi], a[mid]) < 0) {
            swap(a, hi, mid);
        }
        swap(a, mid, hi - 1);
        int pivot = a[hi - 1];
        int i = lo;
        int j = hi - 1;
        while (true) {
            while (c.compare(a[++i], pivot) < 0) {
                // advance
            }
            while (j > lo && c.compare(pivot, a[--j]) < 0) {
                // retreat
            }
            if (i >= j) {
                break;
            }
            swap(a, i, j);
        }
        swap(a, i, hi - 1);
        return i;
    }

    private static void insertion(int[] a, int lo, int hi, IntComparator c) {
        for (int i = lo + 1; i <= hi; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= lo && c.compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    private static void heapSort(int[] a, int lo, int hi, IntComparator c) {
        int n = hi - lo + 1;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, lo, i, n, c);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(a, lo, lo + end);
            siftDown(a, lo, 0, end, c);
        }
    }

    private static void siftDown(int[] a, int lo, int i, int n, IntComparator c) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                return;
            }
            int m = l + 1 < n && c.compare(a[lo + l + 1], a[lo + l]) > 0 ? l + 1 : l;
            if (c.compare(a[lo + m], a[lo + i]) <= 0) {
                return;
            }
            swap(a, lo + i, lo + m);
            i = m;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
