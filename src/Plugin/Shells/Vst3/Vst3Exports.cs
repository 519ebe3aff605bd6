using System.Runtime.InteropServices;

namespace PercepNet.Plugin.Shells.Vst3;

/// <summary>
/// The module entry points a VST3 host looks up: GetPluginFactory everywhere, and the
/// platform's load/unload pair around the module's lifetime (VST3 module architecture):
/// ModuleEntry/ModuleExit on Linux, InitDll/ExitDll on Windows, bundleEntry/bundleExit on macOS.
/// All are exported on every platform; each host calls only its own.
/// </summary>
internal static unsafe class Vst3Exports
{
    [UnmanagedCallersOnly(EntryPoint = "GetPluginFactory")]
    static void* GetPluginFactory()
    {
        try
        {
            return Vst3Factory.Acquire();
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>bool ModuleEntry(void* sharedLibraryHandle): nothing to set up; the model loads on first instantiation.</summary>
    [UnmanagedCallersOnly(EntryPoint = "ModuleEntry")]
    static byte ModuleEntry(void* sharedLibraryHandle) => 1;

    [UnmanagedCallersOnly(EntryPoint = "ModuleExit")]
    static byte ModuleExit() => 1;

    [UnmanagedCallersOnly(EntryPoint = "InitDll")]
    static byte InitDll() => 1;

    [UnmanagedCallersOnly(EntryPoint = "ExitDll")]
    static byte ExitDll() => 1;

    /// <summary>bool bundleEntry(CFBundleRef).</summary>
    [UnmanagedCallersOnly(EntryPoint = "bundleEntry")]
    static byte BundleEntry(void* bundle) => 1;

    [UnmanagedCallersOnly(EntryPoint = "bundleExit")]
    static byte BundleExit() => 1;
}
