#include "teach/instr_words.h"

#include "sim/kernel/syscalls.h"

#include <fmt/format.h>

namespace gb {

namespace {

std::string hex(uint32_t v) {
    return fmt::format("0x{:x}", v); // as describe() writes addresses
}

std::string offset_text(int32_t imm) {
    if (imm == 0) return "";
    return imm < 0 ? fmt::format(" - {}", -static_cast<int64_t>(imm)) : fmt::format(" + {}", imm);
}

// The Korean words of an op; "" where the symbols say it all (r1 ← r2 + r3)
// and describe()'s text serves both languages. {d} {a} {b}: registers, {i}
// the immediate, {t} the immediate as an address, {m} [ra + imm].
std::string_view korean_template(Op op) {
    switch (op) {
    case Op::Nop: return "아무것도 하지 않음";
    case Op::Halt: return "halt: 이 스레드를 멈춤";
    case Op::Mod: return "{d} ← {a}를 {b}로 나눈 나머지";
    case Op::ModI: return "{d} ← {a}를 {i}로 나눈 나머지";
    case Op::And: return "{d} ← {a} 비트 AND {b}";
    case Op::AndI: return "{d} ← {a} 비트 AND {i}";
    case Op::Or: return "{d} ← {a} 비트 OR {b}";
    case Op::OrI: return "{d} ← {a} 비트 OR {i}";
    case Op::Xor: return "{d} ← {a} 비트 XOR {b}";
    case Op::XorI: return "{d} ← {a} 비트 XOR {i}";
    case Op::Sra: return "{d} ← {a} >> {b} (부호 유지)";
    case Op::SraI: return "{d} ← {a} >> {i} (부호 유지)";
    case Op::Cmp: return "{a}와(과) {b} 비교";
    case Op::CmpI: return "{a}와(과) {i} 비교";
    case Op::Beq: return "같으면 {t}로 점프";
    case Op::Bne: return "다르면 {t}로 점프";
    case Op::Blt: return "작으면 {t}로 점프";
    case Op::Bge: return "크거나 같으면 {t}로 점프";
    case Op::Bgt: return "크면 {t}로 점프";
    case Op::Ble: return "작거나 같으면 {t}로 점프";
    case Op::Bltu: return "부호 없이 작으면 {t}로 점프";
    case Op::Bgeu: return "부호 없이 작지 않으면 {t}로 점프";
    case Op::Jmp: return "{t}로 점프";
    case Op::Jr: return "{a}에 든 주소로 점프";
    case Op::Call: return "{t} 호출";
    case Op::Callr: return "{a}에 든 주소의 함수 호출";
    case Op::Ret: return "반환: PC ← 스택에서 꺼낸 값";
    case Op::Push: return "{a} 푸시";
    case Op::Pop: return "팝해서 {d}에 넣음";
    case Op::Load: return "로드 {d} ← {m}";
    case Op::LoadB: return "바이트 로드 {d} ← {m}";
    case Op::Store: return "저장 {m} ← {d}";
    case Op::StoreB: return "바이트 저장 {m} ← {d}";
    case Op::LoadX: return "로드 {d} ← [{a} + {b} × 4]";
    case Op::StoreX: return "저장 [{a} + {b} × 4] ← {d}";
    case Op::LoadA: return "로드 {d} ← [{t}]";
    case Op::LoadBA: return "바이트 로드 {d} ← [{t}]";
    case Op::StoreA: return "저장 [{t}] ← {d}";
    case Op::StoreBA: return "바이트 저장 [{t}] ← {d}";
    case Op::Xchg: return "원자적으로 {d}와(과) [{a}]를 맞바꿈";
    case Op::Cas: return "원자적으로: [{a}] = {d}이면 [{a}] ← {b}";
    case Op::Fadd: return "원자적으로: {d} ← [{a}]; [{a}] ← [{a}] + {b}";
    default: return "";
    }
}

} // namespace

std::vector<std::string_view> instruction_words_korean() {
    std::vector<std::string_view> out{"시스템 호출 알 수 없는 번호"};
    for (int op = 0; op <= static_cast<int>(Op::Sys); ++op)
        out.push_back(korean_template(static_cast<Op>(op)));
    return out;
}

std::string instruction_words(const Instr& in, Lang lang, bool explain) {
    const bool ko = lang == Lang::Ko;
    if (in.op == Op::Sys) {
        const SyscallInfo* sc = syscall_info(in.imm);
        if (!sc)
            return fmt::format(fmt::runtime(ko ? "시스템 호출 {}: 알 수 없는 번호"
                                               : "system call {}: no such call"),
                               in.imm);
        if (!explain)
            return fmt::format(fmt::runtime(ko ? "시스템 호출 {}: {}" : "system call {}: {}"),
                               in.imm, sc->name);
        return fmt::format(fmt::runtime(ko ? "시스템 호출 {}: {} — {}" : "system call {}: {} — {}"),
                           in.imm, sc->name, ko ? sc->explain_ko : sc->explain_en);
    }
    std::string_view t = ko ? korean_template(in.op) : std::string_view{};
    if (t.empty()) return describe(in);
    const auto a = reg_name(in.ra);
    return fmt::format(fmt::runtime(t), fmt::arg("d", reg_name(in.rd)), fmt::arg("a", a),
                       fmt::arg("b", reg_name(in.rb)), fmt::arg("i", in.imm),
                       fmt::arg("t", hex(static_cast<uint32_t>(in.imm))),
                       fmt::arg("m", fmt::format("[{}{}]", a, offset_text(in.imm))));
}

} // namespace gb
