package dev.autotransfer.bank.testkit;

/**
 * A fault the contract tests need to inject through a {@link FaultInjector}; a subclass of
 * {@link BankClientContractTest} that cannot inject one declares it in
 * {@link BankClientContractTest#unsupportedFaults()}, and the tests needing it are then reported as
 * aborted instead of failing.
 */
public enum ContractFault {
    /** {@link FaultInjector#timeOutNextCallAfterExecuting()}. */
    TIMEOUT_AFTER_EXECUTING,
    /** {@link FaultInjector#timeOutNextCallBeforeExecuting()}. */
    TIMEOUT_BEFORE_EXECUTING,
    /** {@link FaultInjector#delayNextCallUntilLateDelivery()} and {@link FaultInjector#deliverLateRequests()}. */
    LATE_ARRIVAL,
    /** {@link FaultInjector#answerNextCallWithServerErrorAfterExecuting()}. */
    SERVER_ERROR_AFTER_EXECUTING
}
