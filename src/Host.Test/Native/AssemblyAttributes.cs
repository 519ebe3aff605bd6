// All interop here is raw function pointers over C structs. With runtime marshalling off, C
// `bool` is one byte and `char` is UTF-16, exactly as in the CLAP and VST3 headers; with it on,
// `bool` would be marshalled as a 4-byte Win32 BOOL and read garbage from the upper bytes.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
