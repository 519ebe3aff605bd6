using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PercepNet.HostTest.Native;

/// A plugin binary opened with dlopen(RTLD_NOW), as DAWs scan them: every undefined symbol is
/// resolved at load, so a missing import fails the scan instead of crashing later on the audio
/// thread. NativeLibrary.Load uses RTLD_LAZY, which would hide exactly that.
public sealed class SharedLibrary : IDisposable
{
    const int RtldNow = 0x2;
    const int RtldLocal = 0x0;

    [DllImport("libc", EntryPoint = "dlopen")]
    static extern unsafe IntPtr DlOpen(byte* path, int flags);

    [DllImport("libc", EntryPoint = "dlsym")]
    static extern unsafe IntPtr DlSym(IntPtr handle, byte* symbol);

    static unsafe IntPtr DlOpen(string path, int flags)
    {
        fixed (byte* text = NulTerminated(path)) return DlOpen(text, flags);
    }

    static unsafe IntPtr DlSym(IntPtr handle, string symbol)
    {
        fixed (byte* text = NulTerminated(symbol)) return DlSym(handle, text);
    }

    static byte[] NulTerminated(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");

    [DllImport("libc", EntryPoint = "dlerror")]
    static extern IntPtr DlError();

    [DllImport("libc", EntryPoint = "dlclose")]
    static extern int DlClose(IntPtr handle);

    public string Path { get; }
    public IntPtr Handle { get; private set; }
    /// Wall time of the dlopen call itself (static constructors of the plugin included).
    public TimeSpan LoadTime { get; }

    SharedLibrary(string path, IntPtr handle, TimeSpan loadTime)
    {
        Path = path;
        Handle = handle;
        LoadTime = loadTime;
    }

    public static SharedLibrary Open(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"plugin binary not found: {full}", full);
        var watch = Stopwatch.StartNew();
        IntPtr handle = DlOpen(full, RtldNow | RtldLocal);
        watch.Stop();
        if (handle == IntPtr.Zero)
            throw new InvalidOperationException($"dlopen(RTLD_NOW) failed for {full}: {LastError()}");
        return new SharedLibrary(full, handle, watch.Elapsed);
    }

    /// Null when the symbol is absent; used both for mandatory entry points and optional ones.
    public IntPtr TryGetSymbol(string name) => DlSym(Handle, name);

    public IntPtr GetSymbol(string name)
    {
        IntPtr symbol = TryGetSymbol(name);
        if (symbol == IntPtr.Zero)
            throw new EntryPointNotFoundException($"{System.IO.Path.GetFileName(Path)} does not export '{name}'");
        return symbol;
    }

    /// Looks a symbol up in the whole process (RTLD_DEFAULT), e.g. counters of an LD_PRELOAD shim.
    public static IntPtr TryGetGlobalSymbol(string name) => DlSym(IntPtr.Zero, name);

    static string LastError() => Marshal.PtrToStringUTF8(DlError()) ?? "unknown error";

    public void Dispose()
    {
        // Kept open on purpose when the plugin is a NativeAOT image: unloading a .NET runtime is
        // not supported, and hosts commonly never dlclose plugins either. Only the refcount drops.
        if (Handle != IntPtr.Zero) DlClose(Handle);
        Handle = IntPtr.Zero;
    }
}
