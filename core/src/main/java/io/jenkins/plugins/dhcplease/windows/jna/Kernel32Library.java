package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The two kernel32.dll functions that turn a Win32 code into the system's own sentence. */
public interface Kernel32Library extends Library {
    int FORMAT_MESSAGE_ALLOCATE_BUFFER = 0x0100;
    int FORMAT_MESSAGE_IGNORE_INSERTS = 0x0200;
    int FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;

    /** With ALLOCATE_BUFFER the buffer argument receives a LocalAlloc'ed WCHAR*; returns its length, 0 on failure. */
    int FormatMessageW(int flags, Pointer source, int messageId, int languageId, PointerByReference buffer, int size,
            Pointer arguments);

    Pointer LocalFree(Pointer mem);
}
