/* For testing under Debian 12's Wine 8 only, never shipped: Rust's standard library (1.78 on)
 * asks Windows for random numbers through ProcessPrng in bcryptprimitives.dll, which every
 * Windows 10 and 11 has but Wine gained only in version 9. This stand-in answers from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine 8 has; dist/check builds it with
 * mingw-w64 into its own throwaway Wine prefix. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length) {
        ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
