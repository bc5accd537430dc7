package io.jenkins.plugins.dhcplease.model;

/** Whether traffic can use the address yet. */
public enum AddressState {
    USABLE,
    /** Duplicate-address detection still running (Windows DadState Tentative, Linux "tentative"). */
    TENTATIVE,
    OTHER
}
