package dev.corral.gate.limit;

/**
 * The room in an nginx shared-memory zone of a given SIZE, counted as nginx's slab allocator
 * ({@code ngx_slab.c}, x86-64) spends it: the zone's header, the slot and statistics arrays and one descriptor per
 * 4 KiB page come off the top; what is left is whole pages. A request for {@code n} bytes takes a chunk of the
 * next power of two (8 bytes at least) on a page given to that chunk size, or whole pages above 2 KiB.
 *
 * <p>One simplification: pages are counted per chunk size without fragmentation (a page is given back as soon as
 * the chunks in use of its size fit in one page fewer), so this zone is never fuller than nginx's.
 *
 * <p>Not thread-safe: the zone that owns it calls it under its lock.
 */
final class SlabModel {
  static final int PAGE = 4096;
  private static final int PAGE_SHIFT = 12;
  private static final int MIN_SHIFT = 3;
  /** Chunks of this size and above keep their bitmap in the page descriptor, not in the page. */
  private static final int EXACT_SHIFT = 6;
  /** sizeof(ngx_slab_pool_t) on x86-64. */
  private static final int POOL_HEADER = 200;
  /** One ngx_slab_page_t (a slot or a page descriptor) and one ngx_slab_stat_t. */
  private static final int PAGE_DESCRIPTOR = 24;
  private static final int SLOT_STATS = 32;

  private final int pages;
  private int freePages;
  /** Per chunk shift: chunks in use, and pages given to that size. */
  private final int[] chunks = new int[PAGE_SHIFT];
  private final int[] pagesOf = new int[PAGE_SHIFT];

  SlabModel(long size) {
    int slots = PAGE_SHIFT - MIN_SHIFT;
    long start = POOL_HEADER + (long) slots * (PAGE_DESCRIPTOR + SLOT_STATS);
    long n = (size - start) / (PAGE + PAGE_DESCRIPTOR);
    long dataStart = align(start + n * PAGE_DESCRIPTOR);
    n = Math.min(n, Math.max(0, (size - dataStart) / PAGE));
    this.pages = (int) Math.min(Integer.MAX_VALUE, Math.max(0, n));
    this.freePages = pages;
  }

  private static long align(long offset) {
    return (offset + PAGE - 1) / PAGE * PAGE;
  }

  /** The zone's pages. */
  int pages() {
    return pages;
  }

  /** Whether {@code bytes} could be taken, and takes them if so. */
  boolean alloc(int bytes) {
    if (bytes > PAGE / 2) {
      int need = pagesFor(bytes);
      if (freePages < need) {
        return false;
      }
      freePages -= need;
      return true;
    }
    int shift = shiftFor(bytes);
    if (chunks[shift] < pagesOf[shift] * perPage(shift)) {
      chunks[shift]++;
      return true;
    }
    if (freePages == 0) {
      return false;
    }
    freePages--;
    pagesOf[shift]++;
    chunks[shift]++;
    return true;
  }

  /** Gives back what {@link #alloc} took for {@code bytes}. */
  void free(int bytes) {
    if (bytes > PAGE / 2) {
      freePages += pagesFor(bytes);
      return;
    }
    int shift = shiftFor(bytes);
    chunks[shift]--;
    if (chunks[shift] <= (pagesOf[shift] - 1) * perPage(shift)) {
      pagesOf[shift]--;
      freePages++;
    }
  }

  private static int pagesFor(int bytes) {
    return (bytes + PAGE - 1) / PAGE;
  }

  private static int shiftFor(int bytes) {
    int shift = MIN_SHIFT;
    while ((1 << shift) < bytes) {
      shift++;
    }
    return shift;
  }

  /** Chunks on one page: small chunks give up the first few to the page's bitmap. */
  private static int perPage(int shift) {
    int n = PAGE >> shift;
    if (shift < EXACT_SHIFT) {
      int bitmapBytes = n / 8;
      n -= (bitmapBytes + (1 << shift) - 1) >> shift;
    }
    return n;
  }
}
