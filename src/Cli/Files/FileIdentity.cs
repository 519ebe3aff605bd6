using System.Runtime.InteropServices;

namespace PercepNet.Cli.Files;

/// <summary>
/// Whether two paths name the same file: equal after resolving symbolic links, or — for hard links and bind
/// mounts, which no path comparison catches — the same device and inode (POSIX stat).
/// </summary>
public static class FileIdentity
{
    public static bool AreSameFile(string a, string b)
    {
        if (!File.Exists(a) || !File.Exists(b)) return false;
        if (string.Equals(ResolvedPath(a), ResolvedPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            return true;
        return TryGetDeviceAndInode(a, out var ia) && TryGetDeviceAndInode(b, out var ib) && ia == ib;
    }

    /// <summary>Absolute path with every symbolic link in it resolved (directories included).</summary>
    public static string ResolvedPath(string path)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        string name = Path.GetFileName(full);
        if (dir is null) return full;
        string resolvedDir = ResolvedPath(dir);
        string joined = Path.Combine(resolvedDir, name);
        var info = new FileInfo(joined);
        if (info.LinkTarget is not null)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not null) return ResolvedPath(target.FullName);
        }
        else
        {
            var dirInfo = new DirectoryInfo(joined);
            if (dirInfo.Exists && dirInfo.LinkTarget is not null && dirInfo.ResolveLinkTarget(true) is { } t)
                return ResolvedPath(t.FullName);
        }
        return joined;
    }

    private static unsafe bool TryGetDeviceAndInode(string path, out (ulong Device, ulong Inode) id)
    {
        id = default;
        if (OperatingSystem.IsWindows()) return false;
        byte* buffer = stackalloc byte[512]; // struct stat is 144 bytes on Linux x64/arm64 and macOS
        if (Stat(path, buffer) != 0) return false;
        // st_ino is a 64-bit field at offset 8 on Linux (x64, arm64) and macOS; st_dev is 64-bit on Linux, 32 on macOS.
        ulong device = OperatingSystem.IsMacOS() ? *(uint*)buffer : *(ulong*)buffer;
        id = (device, *(ulong*)(buffer + 8));
        return true;
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern unsafe int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);
}
