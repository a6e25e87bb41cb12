using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace LossGen;

/// <summary>
/// Multi-threading of generated kernels.
/// <para>
/// Every pass of a generated kernel whose results are sums, maxima or minima over all elements (and elementwise
/// outputs such as gradients) splits its outer loop into fixed chunks of about <see cref="ChunkElements"/> elements
/// (whole rows for rank-2 inputs: ⌈<see cref="ChunkElements"/> / columns⌉ rows). Each chunk reduces into its own
/// partial result, and the partials are combined in chunk order. The chunking depends only on the shape of the
/// inputs, never on the number of threads, so a loss and its gradients are bit-identical whatever
/// <see cref="MaxDegreeOfParallelism"/> is, and whether or not a call actually runs on several threads.
/// </para>
/// <para>
/// A pass runs on several threads when it has at least two chunks and its estimated work (elements × a per-element
/// cost the generator derives from the formula: 1 for arithmetic, more for each exp, log, softplus, ...) reaches
/// <see cref="ParallelThreshold"/>. The calling thread always takes part; the helpers are background threads of
/// LossGen's own (created on first use, at most <see cref="MaxDegreeOfParallelism"/> − 1, then reused), so a
/// parallel call allocates nothing once they exist.
/// </para>
/// </summary>
public static class LossParallel
{
    /// <summary>Elements per chunk (rank-1 passes), or the target chunk size in elements for passes over rows.</summary>
    public const int ChunkElements = 16384;

    private static int _maxDegree = Environment.ProcessorCount;
    private static long _threshold = DefaultParallelThreshold;

    /// <summary>The default of <see cref="ParallelThreshold"/>: 524,288 work units.</summary>
    public const long DefaultParallelThreshold = 1L << 19;

    /// <summary>
    /// The largest number of threads (the calling thread included) one call of a generated kernel uses.
    /// Default: <see cref="Environment.ProcessorCount"/>. 1 turns multi-threading off; results do not change.
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => Volatile.Read(ref _maxDegree);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _maxDegree, value);
        }
    }

    /// <summary>
    /// Estimated work (elements × per-element cost) from which a pass runs on several threads. Default
    /// <see cref="DefaultParallelThreshold"/>: at this size waking a helper thread costs a few percent of the pass.
    /// Results do not depend on it.
    /// </summary>
    public static long ParallelThreshold
    {
        get => Volatile.Read(ref _threshold);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _threshold, value);
        }
    }

    /// <summary>The number of elements (or rows) per chunk for a pass whose rows have <paramref name="columns"/> elements.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChunkLength(int columns) => columns <= 1 ? ChunkElements : Math.Max(1, (ChunkElements + columns - 1) / columns);

    /// <summary>The number of threads for a pass of <paramref name="chunks"/> chunks and the given estimated work.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Degree(int chunks, long work)
    {
        if (chunks < 2 || work < ParallelThreshold) return 1;
        return Math.Min(MaxDegreeOfParallelism, chunks);
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every chunk 0 ≤ c &lt; <paramref name="chunks"/> on up to
    /// <paramref name="degree"/> threads and returns when all have finished. The spans are pinned for the duration
    /// of the call and handed to the body as <see cref="LossPins"/>, in order; <paramref name="state"/> (a local of
    /// the caller) carries the scalars. Chunks must write disjoint memory.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static unsafe void Run<TState>(ref TState state, int chunks, int degree, LossChunk<TState> body,
        ReadOnlySpan<byte> s0 = default, ReadOnlySpan<byte> s1 = default, ReadOnlySpan<byte> s2 = default,
        ReadOnlySpan<byte> s3 = default, ReadOnlySpan<byte> s4 = default, ReadOnlySpan<byte> s5 = default,
        ReadOnlySpan<byte> s6 = default, ReadOnlySpan<byte> s7 = default, ReadOnlySpan<byte> s8 = default,
        ReadOnlySpan<byte> s9 = default, ReadOnlySpan<byte> s10 = default, ReadOnlySpan<byte> s11 = default)
        where TState : struct
    {
        ArgumentNullException.ThrowIfNull(body);
        fixed (byte* p0 = s0, p1 = s1, p2 = s2, p3 = s3, p4 = s4, p5 = s5, p6 = s6, p7 = s7, p8 = s8, p9 = s9, p10 = s10, p11 = s11)
        {
            var pins = new LossPins();
            pins.Set(0, p0, s0.Length); pins.Set(1, p1, s1.Length); pins.Set(2, p2, s2.Length); pins.Set(3, p3, s3.Length);
            pins.Set(4, p4, s4.Length); pins.Set(5, p5, s5.Length); pins.Set(6, p6, s6.Length); pins.Set(7, p7, s7.Length);
            pins.Set(8, p8, s8.Length); pins.Set(9, p9, s9.Length); pins.Set(10, p10, s10.Length); pins.Set(11, p11, s11.Length);
            if (degree <= 1 || chunks <= 1)
            {
                for (int c = 0; c < chunks; c++) body(ref state, c, in pins);
                return;
            }
            Job job = Job.Rent();
            job.Start(Unsafe.AsPointer(ref state), &Invoke<TState>, body, pins, chunks, Math.Min(degree, chunks));
            job.Finish();
        }
    }

    internal static void ExecuteHelper(object job) => ((Job)job).Execute();

    private static unsafe void Invoke<TState>(Job job, int chunk) where TState : struct
        => Unsafe.As<LossChunk<TState>>(job.Body)!(ref Unsafe.AsRef<TState>(job.State), chunk, in job.Pins);

    /// <summary>One parallel call: a chunk counter shared by the caller and the helpers, pooled across calls.</summary>
    private sealed unsafe class Job
    {
        private static readonly Stack<Job> Pool = new();

        public void* State;
        public delegate*<Job, int, void> Invoker;
        public Delegate? Body;
        public LossPins Pins;
        private int _chunks;
        private int _next;
        private int _done;
        private int _refs;
        private ExceptionDispatchInfo? _error;

        public static Job Rent()
        {
            lock (Pool)
                if (Pool.Count > 0) return Pool.Pop();
            return new Job();
        }

        public void Start(void* state, delegate*<Job, int, void> invoker, Delegate body, in LossPins pins, int chunks, int degree)
        {
            State = state;
            Invoker = invoker;
            Body = body;
            Pins = pins;
            _chunks = chunks;
            _next = -1;
            _done = 0;
            _error = null;
            _refs = degree; // the caller and degree - 1 helpers each release once
            int queued = Helpers.Post(this, degree - 1);
            if (queued < degree - 1) Interlocked.Add(ref _refs, queued - (degree - 1));
        }

        /// <summary>A helper's part.</summary>
        public void Execute()
        {
            Work();
            Release();
        }

        /// <summary>The caller's part: take chunks until none is left, wait for the helpers' chunks, rethrow.</summary>
        public void Finish()
        {
            Work();
            // No chunk is left to take: helpers that have not picked the job up yet need not.
            int withdrawn = Helpers.Withdraw(this);
            if (withdrawn > 0) Interlocked.Add(ref _refs, -withdrawn);
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < _chunks) spin.SpinOnce(sleep1Threshold: -1);
            ExceptionDispatchInfo? error = _error;
            Release();
            error?.Throw();
        }

        private void Work()
        {
            int c;
            while ((c = Interlocked.Increment(ref _next)) < _chunks)
            {
                try
                {
                    Invoker(this, c);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                }
                Interlocked.Increment(ref _done);
            }
        }

        /// <summary>A helper that starts late finds no chunk left; the job goes back to the pool after the last one.</summary>
        private void Release()
        {
            if (Interlocked.Decrement(ref _refs) != 0) return;
            State = null;
            Body = null;
            Pins = default;
            lock (Pool)
                if (Pool.Count < 16) Pool.Push(this);
        }
    }
}

/// <summary>
/// LossGen's helper threads: background threads that wait for posted jobs (spinning briefly, then blocking) and
/// run their chunks. A bounded ring of posted jobs; when it is full the caller simply runs more chunks itself.
/// </summary>
internal static class Helpers
{
    private static readonly object Gate = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly object?[] Ring = new object?[256];
    private static int _head, _count, _threads;

    /// <summary>Posts <paramref name="job"/> for up to <paramref name="helpers"/> helpers; returns how many will run it.</summary>
    public static int Post(object job, int helpers)
    {
        int posted;
        lock (Gate)
        {
            while (_threads < helpers)
            {
                var t = new Thread(Loop) { IsBackground = true, Name = "LossGen helper " + _threads };
                t.Start();
                _threads++;
            }
            posted = Math.Min(helpers, Ring.Length - _count);
            for (int k = 0; k < posted; k++)
            {
                Ring[(_head + _count) % Ring.Length] = job;
                _count++;
            }
        }
        if (posted > 0) Wake.Release(posted);
        return posted;
    }

    /// <summary>Takes back the posts of <paramref name="job"/> that no helper has picked up yet; returns how many.</summary>
    public static int Withdraw(object job)
    {
        int withdrawn = 0;
        lock (Gate)
        {
            for (int k = 0; k < _count; k++)
            {
                int at = (_head + k) % Ring.Length;
                if (ReferenceEquals(Ring[at], job))
                {
                    Ring[at] = null;
                    withdrawn++;
                }
            }
        }
        return withdrawn;
    }

    private static void Loop()
    {
        while (true)
        {
            Wake.Wait();
            object? job;
            lock (Gate)
            {
                job = Ring[_head];
                Ring[_head] = null;
                _head = (_head + 1) % Ring.Length;
                _count--;
            }
            if (job is not null) LossParallel.ExecuteHelper(job);
        }
    }
}

/// <summary>The body of one chunk of a parallel pass: <paramref name="chunk"/> is its index.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void LossChunk<TState>(ref TState state, int chunk, in LossPins pins) where TState : struct;

/// <summary>Spans pinned by <see cref="LossParallel.Run"/>, handed to every chunk of a parallel pass.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public unsafe struct LossPins
{
    private Addresses _addresses;
    private Lengths _lengths;

    internal void Set(int i, byte* address, int bytes)
    {
        _addresses[i] = (nint)address;
        _lengths[i] = bytes;
    }

    /// <summary>The <paramref name="i"/>-th pinned span, read-only.</summary>
    public readonly ReadOnlySpan<T> ReadOnly<T>(int i) where T : unmanaged
        => new((void*)_addresses[i], _lengths[i] / sizeof(T));

    /// <summary>The <paramref name="i"/>-th pinned span, writable (it must come from a writable span).</summary>
    public readonly Span<T> Writable<T>(int i) where T : unmanaged
        => new((void*)_addresses[i], _lengths[i] / sizeof(T));

    [InlineArray(12)]
    private struct Addresses
    {
        private nint _element;
    }

    [InlineArray(12)]
    private struct Lengths
    {
        private int _element;
    }
}
