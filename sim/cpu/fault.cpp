#include "sim/cpu/fault.h"

namespace gb {

std::string_view fault_name(Fault f) {
    switch (f) {
    case Fault::None: return "no fault";
    case Fault::BadAddress: return "bad address";
    case Fault::WriteToReadOnly: return "write to read-only memory";
    case Fault::ExecuteNonCode: return "execute outside code";
    case Fault::Misaligned: return "misaligned access";
    case Fault::DivideByZero: return "divide by zero";
    case Fault::IllegalInstruction: return "illegal instruction";
    case Fault::StackOverflow: return "stack overflow";
    case Fault::BadSyscall: return "bad system call";
    }
    return "?";
}

std::string_view fault_name_ko(Fault f) {
    switch (f) {
    case Fault::None: return "폴트 없음";
    case Fault::BadAddress: return "잘못된 주소";
    case Fault::WriteToReadOnly: return "읽기 전용 메모리에 쓰기";
    case Fault::ExecuteNonCode: return "코드 영역 밖 실행";
    case Fault::Misaligned: return "정렬되지 않은 접근";
    case Fault::DivideByZero: return "0으로 나누기";
    case Fault::IllegalInstruction: return "잘못된 명령어";
    case Fault::StackOverflow: return "스택 오버플로";
    case Fault::BadSyscall: return "잘못된 시스템 콜";
    }
    return "?";
}

std::string_view fault_id(Fault f) {
    switch (f) {
    case Fault::None: return "none";
    case Fault::BadAddress: return "bad_address";
    case Fault::WriteToReadOnly: return "write_to_read_only";
    case Fault::ExecuteNonCode: return "execute_non_code";
    case Fault::Misaligned: return "misaligned";
    case Fault::DivideByZero: return "divide_by_zero";
    case Fault::IllegalInstruction: return "illegal_instruction";
    case Fault::StackOverflow: return "stack_overflow";
    case Fault::BadSyscall: return "bad_syscall";
    }
    return "?";
}

} // namespace gb
